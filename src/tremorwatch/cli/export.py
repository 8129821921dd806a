"""``tremorwatch export INFANT --format fhir|json|csv`` and ``tremorwatch import FILE``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from tremorwatch.cli._database import open_runtime
from tremorwatch.cli.report import parse_day
from tremorwatch.errors import InputError


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {out} ({len(text.encode()) // 1024} KB).", err=True)


@click.command()
@click.argument("infant")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["fhir", "json", "csv"]),
    default="fhir",
    show_default=True,
    help="fhir: R4 Bundle of the baby; json: the whole family (importable); csv: episodes.",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
)
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="First day (fhir, csv).")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Last day, included (fhir, csv).")
@click.option("--no-videos", is_flag=True, help="json: leave the video files out.")
def export(
    *,
    infant: str,
    fmt: str,
    out: Path | None,
    date_from: str | None,
    date_to: str | None,
    no_videos: bool,
) -> None:
    """Export INFANT's diary (INFANT is the id, or the name if unique)."""
    from tremorwatch.services import export as export_service

    start, end = parse_day(date_from, "--from"), parse_day(date_to, "--to")
    if fmt == "json" and (start or end):
        raise InputError("--from/--to apply to fhir and csv; a json export is the whole family.")
    with open_runtime() as runtime, runtime.session() as session:
        actor, profile = export_service.find_infant(session, infant)
        if fmt == "fhir":
            text = json.dumps(
                export_service.export_fhir(
                    session,
                    actor,
                    profile.id,
                    date_from=start,
                    date_to=end,
                    base_url=runtime.settings.public_url,
                ),
                indent=1,
                ensure_ascii=False,
            )
        elif fmt == "csv":
            text = export_service.export_csv(
                session, actor, profile.id, date_from=start, date_to=end
            )
        else:
            doc = export_service.export_family(
                session, actor, runtime.files, include_files=not no_videos
            )
            text = json.dumps(doc.to_json_dict(), ensure_ascii=False)
    _write(text, out)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def import_(file: Path, fmt: str) -> None:
    """Import a family from FILE (made by 'tremorwatch export INFANT --format json')."""
    from tremorwatch.services import export as export_service

    with open_runtime() as runtime, runtime.session() as session:
        summary = export_service.import_family(session, runtime.files, file.read_bytes())
    if fmt == "json":
        sys.stdout.write(summary.model_dump_json(indent=2) + "\n")
        return
    click.echo(
        f"Imported family {summary.family_id}: {summary.infants} babies, {summary.episodes} "
        f"episodes, {summary.recordings} recordings ({summary.recordings_without_file} without "
        f"their file), {summary.assessments} assessments, {summary.milestone_answers} milestone "
        "answers."
    )
    for email in summary.linked_members:
        click.echo(f"  {email}: linked to the existing account.")
    for email, code in summary.invitations.items():
        click.echo(f"  {email}: no account here yet; sign up with invitation code {code}")
