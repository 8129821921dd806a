"""Huey instances and consumers for embedded and distributed mode.

Which queue:

=========  ==============================================  ===============================
mode       broker                                          consumers
=========  ==============================================  ===============================
embedded   SQLite file ``<data_dir>/jobs.db`` (WAL)        worker threads in the app process
redis      ``settings.redis_url``, key prefix queue_name   ``tremorwatch worker`` processes
=========  ==============================================  ===============================

Jobs record their own state in the database (the recording row), so Huey's result store is
not used (``results=False``).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey
from huey.consumer import Consumer

from tremorwatch.config import Settings
from tremorwatch.errors import ConfigError

log = logging.getLogger(__name__)


def queue_name(settings: Settings) -> str:
    """The Huey name (Redis key prefix) for these settings."""
    return str(getattr(settings, "queue_name", None) or "tremorwatch")


def make_huey(settings: Settings) -> Huey:
    """The Huey instance for ``settings.queue`` (nothing is started)."""
    name = queue_name(settings)
    if settings.queue == "embedded":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name=name, filename=str(settings.data_dir / "jobs.db"), results=False)
    if settings.queue == "redis":
        if not settings.redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise ConfigError(
                f"TREMORWATCH_REDIS_URL {settings.redis_url!r} is not a Redis URL; use e.g. "
                "redis://127.0.0.1:6379/0.",
                field="redis_url",
            )
        return RedisHuey(name=name, url=settings.redis_url, results=False)
    raise ConfigError(  # pragma: no cover - Settings validates the choice
        f"Unknown queue mode {settings.queue!r}.", field="queue"
    )


class _ThreadConsumer(Consumer):  # type: ignore[misc]
    """A consumer that can run outside the main thread (no signal handlers)."""

    def _set_signal_handlers(self) -> None:
        return None


class EmbeddedWorker:
    """Consumer threads inside this process (embedded mode, and tests).

    ``start()`` returns at once; ``stop()`` waits for running jobs up to ``shutdown_timeout_s``.
    """

    def __init__(self, huey: Huey, *, workers: int = 1, shutdown_timeout_s: float = 10.0) -> None:
        self.huey = huey
        self.workers = workers
        self.shutdown_timeout_s = shutdown_timeout_s
        self._consumer: Any = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._consumer is not None

    def start(self) -> None:
        with self._lock:
            if self._consumer is not None:
                return
            consumer = _ThreadConsumer(
                self.huey,
                workers=self.workers,
                worker_type="thread",
                periodic=False,
                check_worker_health=False,
                initial_delay=0.05,
                max_delay=0.5,
                shutdown_timeout=self.shutdown_timeout_s,
            )
            consumer.start()
            self._consumer = consumer
            log.info("embedded job worker started (%d thread(s))", self.workers)

    def stop(self) -> None:
        with self._lock:
            if self._consumer is None:
                return
            self._consumer.stop(graceful=True)
            self._consumer = None
            log.info("embedded job worker stopped")


def run_consumer(huey: Huey, *, workers: int = 2) -> None:
    """Run a consumer in the foreground until interrupted (``tremorwatch worker``)."""
    consumer = huey.create_consumer(
        workers=workers, worker_type="thread", periodic=False, max_delay=1.0
    )
    consumer.run()
