"""``tremorwatch learn [TOPIC]``: read the plain-language knowledge pages.

Without a topic, lists every topic grouped by kind; with one, shows the page. ``--format json``
prints the same data for programs.
"""

from __future__ import annotations

import shutil
import textwrap

import click

from tremorwatch.cli._output import format_option, print_json
from tremorwatch.domain.knowledge import Page, PageKind, get_page, pages_by_kind
from tremorwatch.i18n import N_, translate
from tremorwatch.i18n import gettext as _

_KIND_TITLES = {
    PageKind.DISPOSITION: N_("What the advice levels mean"),
    PageKind.SIGN: N_("Warning signs"),
    PageKind.GUIDE: N_("Guides for home"),
    PageKind.TEST: N_("Tests at the doctor's"),
    PageKind.CAUSE: N_("Possible causes"),
}


def _width() -> int:
    return max(40, min(100, shutil.get_terminal_size((88, 24)).columns) - 2)


def _wrap(text: str, *, indent: str = "", bullet: str = "") -> str:
    first = indent + bullet
    rest = indent + " " * len(bullet)
    return textwrap.fill(text, width=_width(), initial_indent=first, subsequent_indent=rest)


def _list_topics(fmt: str) -> None:
    grouped = pages_by_kind()
    if fmt == "json":
        print_json(
            [
                {"id": p.id, "kind": p.kind.value, "title": p.title, "summary": p.summary}
                for pages in grouped.values()
                for p in pages
            ]
        )
        return
    for kind, pages in grouped.items():
        click.secho(_(_KIND_TITLES[kind]), bold=True)
        width = max(len(p.id) for p in pages)
        for page in pages:
            click.echo(f"  {page.id:<{width}}  {translate(page.title)}")
        click.echo()
    click.echo(_("Show a page with: tremorwatch learn TOPIC"))


def _show_page(page: Page) -> None:
    click.secho(translate(page.title), bold=True)
    click.echo(_wrap(translate(page.summary)))
    for section in page.sections:
        click.echo()
        click.secho(translate(section.heading), bold=True, underline=True)
        for paragraph in section.paragraphs:
            click.echo(_wrap(translate(paragraph)))
        for bullet in section.bullets:
            click.echo(_wrap(translate(bullet), bullet="- "))
    click.echo()
    click.secho(_("Sources"), bold=True)
    for source in page.sources:
        click.echo(_wrap(source, bullet="- "))
    if page.related:
        click.echo()
        click.echo(_wrap(_("Related:") + " " + ", ".join(page.related)))
    click.echo()
    click.echo(
        _wrap(
            _(
                "This is information to help you decide what to do, not a diagnosis. If you "
                "are worried about your baby, call your doctor or emergency services."
            )
        )
    )


@click.command()
@click.argument("topic", required=False)
@format_option()
def app(topic: str | None, fmt: str) -> None:
    """List knowledge topics, or show the page about TOPIC (e.g. gentle_hold_test)."""
    if topic is None:
        _list_topics(fmt)
        return
    page = get_page(topic)
    if fmt == "json":
        print_json(page.model_dump(mode="json"))
        return
    _show_page(page)
