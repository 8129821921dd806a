"""Open the configured database for a command (shared by ``report``, ``export``, ``import``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tremorwatch.config import get_settings
from tremorwatch.errors import StorageError


@contextmanager
def open_runtime() -> Iterator[Any]:
    """A runtime on the settings' database, refusing a database that is not migrated."""
    from tremorwatch.services.runtime import build_runtime
    from tremorwatch.storage import migrate

    runtime = build_runtime(get_settings())
    try:
        if not migrate.is_up_to_date(runtime.engine):
            raise StorageError(
                "The database is empty or older than this tremorwatch; run "
                "'tremorwatch db upgrade' first."
            )
        yield runtime
    finally:
        runtime.close()
