"""Alembic environment of tremorwatch (packaged; run through ``tremorwatch.storage.migrate``).

The connection comes from ``config.attributes["connection"]`` when the caller has one, else
from the ``sqlalchemy.url`` option, else from the settings (``TREMORWATCH_DATABASE_URL`` or
SQLite in the data folder). SQLite uses batch mode so ALTERs work.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from tremorwatch.storage.all_models import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from tremorwatch.storage.engine import engine_for_url

    url = config.get_main_option("sqlalchemy.url")
    if not url:
        from tremorwatch.config import get_settings

        url = get_settings().resolved_database_url
    engine = engine_for_url(url)
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
