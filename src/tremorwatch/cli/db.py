"""``tremorwatch db``: upgrade, downgrade, show and check the database schema (Alembic)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tremorwatch.cli._output import format_option, print_json
from tremorwatch.config import get_settings
from tremorwatch.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy import Engine


def _engine() -> Engine:
    from tremorwatch.storage.engine import make_engine

    return make_engine(get_settings())


@click.group()
def app() -> None:
    """Database migrations."""


@app.command()
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def upgrade(revision: str) -> None:
    """Upgrade the schema (to the newest revision by default)."""
    from tremorwatch.storage import migrate

    engine = _engine()
    try:
        migrate.upgrade(engine, revision)
        click.echo(f"Database is at revision {migrate.current_revision(engine)}.")
    finally:
        engine.dispose()


@app.command()
@click.option("--revision", default="-1", show_default=True, help="Target ('base' empties it).")
@click.confirmation_option(prompt="Downgrading can delete data. Continue?")
def downgrade(revision: str) -> None:
    """Downgrade the schema (one revision by default)."""
    from tremorwatch.storage import migrate

    engine = _engine()
    try:
        migrate.downgrade(engine, revision)
        click.echo(f"Database is at revision {migrate.current_revision(engine) or 'base'}.")
    finally:
        engine.dispose()


@app.command()
@format_option()
def current(fmt: str) -> None:
    """Show the database's revision and the newest one."""
    from tremorwatch.storage import migrate

    engine = _engine()
    try:
        info: dict[str, Any] = {
            "database": engine.url.render_as_string(hide_password=True),
            "current": migrate.current_revision(engine),
            "head": migrate.heads(),
        }
    finally:
        engine.dispose()
    if fmt == "json":
        print_json(info)
    else:
        click.echo(f"database: {info['database']}")
        click.echo(f"current:  {info['current'] or 'empty (run tremorwatch db upgrade)'}")
        click.echo(f"newest:   {', '.join(info['head'])}")


@app.command()
def check() -> None:
    """Fail unless the database is at the newest revision and matches the models."""
    from tremorwatch.storage import migrate

    engine = _engine()
    try:
        if not migrate.is_up_to_date(engine):
            raise StorageError(
                f"The database is at {migrate.current_revision(engine) or 'no revision'}, the "
                f"newest is {', '.join(migrate.heads())}. Run `tremorwatch db upgrade`."
            )
        diff = migrate.schema_differences(engine)
        if diff:
            raise StorageError(
                f"The database schema differs from the models in {len(diff)} place(s): "
                f"{diff[:3]}. A migration is missing."
            )
    finally:
        engine.dispose()
    click.echo("Database schema is up to date.")
