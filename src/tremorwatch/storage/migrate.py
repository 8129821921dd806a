"""Run the packaged Alembic migrations from code (``tremorwatch db``, ``serve`` and tests).

The schema is created and changed only by the revisions in ``storage/migrations/versions``.
Each function takes an engine so tests and the CLI can point at any database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config for the packaged migrations, bound to ``engine`` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` (default: the newest)."""
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str = "-1") -> None:
    """Downgrade the database to ``revision`` (``base`` empties it)."""
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def heads() -> list[str]:
    """The head revisions of the packaged migrations (there must be exactly one)."""
    return list(ScriptDirectory.from_config(alembic_config()).get_heads())


def schema_differences(engine: Engine) -> list[Any]:
    """Differences between the migrated database and the models (empty when they match)."""
    from tremorwatch.storage.all_models import metadata

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": False}
        )
        return list(compare_metadata(context, metadata))


def is_up_to_date(engine: Engine) -> bool:
    """True when the database is at the single head revision."""
    return current_revision(engine) in heads()
