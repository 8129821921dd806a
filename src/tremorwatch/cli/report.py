"""``tremorwatch report INFANT --from --to --out report.pdf``: the clinician report."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from tremorwatch.cli._database import open_runtime
from tremorwatch.errors import InputError


def parse_day(value: str | None, name: str) -> date | None:
    """``YYYY-MM-DD`` as a date; InputError with an example otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{name} must be a date like 2026-01-31; got {value!r}.", field=name
        ) from None


@click.command()
@click.argument("infant")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="First day (default: 30 days ago).")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Last day, included (default: today).")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Output file: .pdf or .html.",
)
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option(
    "--timezone",
    default="",
    help="IANA time zone for dates, e.g. Europe/Madrid [default: the family's].",
)
def report(
    *,
    infant: str,
    date_from: str | None,
    date_to: str | None,
    out: Path,
    paper: str,
    timezone: str,
) -> None:
    """Write the clinician report of INFANT (id, or name if unique) as PDF or HTML."""
    from tremorwatch.services import export as export_service
    from tremorwatch.services import reports

    suffix = out.suffix.lower()
    if suffix not in {".pdf", ".html", ".htm"}:
        raise InputError(f"--out must end in .pdf or .html; got {out.name!r}.", field="out")
    first, last = reports.default_range()
    start = parse_day(date_from, "--from") or first
    end = parse_day(date_to, "--to") or (last if date_from is None else max(last, start))
    with open_runtime() as runtime, runtime.session() as session:
        actor, profile = export_service.find_infant(session, infant)
        built = reports.clinician_report(
            session, actor, profile.id, date_from=start, date_to=end, timezone=timezone or None
        )
    data, _ = reports.report_document(built, fmt="pdf" if suffix == ".pdf" else "html", paper=paper)
    out.write_bytes(data)
    s = built.summary
    click.echo(
        f"Wrote {out} ({len(data) // 1024} KB): {profile.name}, {start} to {end}, "
        f"{s.episode_count} episodes, made {datetime.now():%Y-%m-%d %H:%M}."
    )
