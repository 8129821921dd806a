"""``tremorwatch demo``: fill the database with a synthetic demo family and print its login."""

from __future__ import annotations

import click

from tremorwatch.cli._output import format_option, print_json
from tremorwatch.config import get_settings
from tremorwatch.errors import StorageError


@click.command()
@click.option(
    "--email",
    default="parent@demo.tremorwatch.example",
    show_default=True,
    help="E-mail address of the demo login.",
)
@click.option("--password", default=None, help="Password of the demo login (default: random).")
@click.option(
    "--days", default=14, show_default=True, type=click.IntRange(1, 60), help="Days of diary."
)
@click.option(
    "--videos",
    default=3,
    show_default=True,
    type=click.IntRange(0, 3),
    help="Synthetic videos to make and analyse (0 for none; each takes a few seconds).",
)
@format_option()
def app(email: str, password: str | None, days: int, videos: int, fmt: str) -> None:
    """Fill the database of the data folder with a synthetic demo family.

    A new SQLite database is created and migrated; a PostgreSQL database must be upgraded
    first (`tremorwatch db upgrade`). The videos are analysed by the real background job
    before the command ends. Everything is made up: no real person or baby.
    """
    from tremorwatch.services.demo import create_demo_family
    from tremorwatch.services.runtime import build_runtime
    from tremorwatch.storage import migrate

    settings = get_settings()
    runtime = build_runtime(settings)
    try:
        if runtime.engine.dialect.name == "sqlite":
            migrate.upgrade(runtime.engine)
        elif not migrate.is_up_to_date(runtime.engine):
            raise StorageError(
                "The database is empty or older than this tremorwatch; run "
                "'tremorwatch db upgrade' first."
            )
        if videos:
            runtime.start_embedded_worker(workers=1)
        say = (lambda message: click.echo(f"{message}…", err=True)) if fmt == "text" else None
        summary = create_demo_family(
            runtime, email=email, password=password, days=days, videos=videos, progress=say
        )
    finally:
        runtime.close()
    if fmt == "json":
        print_json(summary.as_dict())
        return
    done = sum(1 for status in summary.recordings.values() if status == "done")
    click.echo(
        f"\nThe demo family is ready in {settings.data_dir}.\n"
        f"  {summary.infant_name}: {summary.episodes} episodes, {summary.checks} checks, "
        f"{done} of {len(summary.recordings)} videos analysed.\n\n"
        "Start the app with `tremorwatch serve`, open http://127.0.0.1:8000/ and log in:\n"
        f"  e-mail:   {summary.email}\n"
        f"  password: {summary.password}\n"
        f"Second caregiver: {summary.partner_email} / {summary.partner_password}"
    )
