"""Everything a running tremorwatch needs, built once from settings: the :class:`Runtime`.

``build_runtime(settings)`` makes the database engine and session factory, the private file
store, the job queue (with the analysis task registered) and the login throttle. The web app
keeps one on ``app.state.runtime``; ``tremorwatch worker`` builds its own. Nothing here starts
threads: the embedded worker is started by the web app's lifespan (``start_embedded_worker``).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tremorwatch.config import Settings
from tremorwatch.jobs.queue import EmbeddedWorker, make_huey
from tremorwatch.services.accounts import LoginThrottle
from tremorwatch.storage.engine import make_engine, make_session_factory
from tremorwatch.storage.files import FileStore

log = logging.getLogger(__name__)


def close_quietly(session: Session) -> None:
    """Close a session; a connection that died meanwhile is discarded, not raised.

    Closing rolls back what was not committed. When the database went away that rollback
    fails, but there is nothing to undo (the server dropped the transaction), and in the web app
    the response has usually been sent already: raising there cut the connection to the browser
    instead of showing the 503 page.
    """
    try:
        session.close()
    except Exception:
        log.warning("a database connection was lost while closing a session", exc_info=True)
        try:
            session.invalidate()
        except Exception:  # already gone
            log.debug("could not invalidate the session", exc_info=True)


@dataclass
class Runtime:
    """Engine, sessions, file store, queue and throttle of one process.

    Nothing here holds state of its own that another process would need: job state is on the
    recording rows, login failures and idempotency keys are tables of the database.
    """

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    files: FileStore
    huey: Any
    throttle: LoginThrottle
    analyse_task: Any = None
    worker: EmbeddedWorker | None = field(default=None)
    reaper: Any = field(default=None)

    @property
    def owner_id(self) -> str:
        """Who runs this process's analyses (``settings.server_id``, else host:pid)."""
        return self.settings.server_id or f"{socket.gethostname()}:{os.getpid()}"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A database session, closed (and rolled back if uncommitted) at the end."""
        session = self.sessions()
        try:
            yield session
        finally:
            close_quietly(session)

    def enqueue_analysis(self, recording_id: str) -> None:
        """Put the analysis of a recording on the queue."""
        self.analyse_task(recording_id)

    def start_embedded_worker(self, *, workers: int = 1, recover: bool = True) -> None:
        """Start consumer threads in this process (embedded mode) and recover lost jobs.

        ``recover=False`` when the start-up recovery already ran (``tremorwatch serve --workers
        N`` recovers once, before it starts them). Recovery requeues this server's own
        interrupted jobs, and a sibling's only once their lease ran out; a lease reaper thread
        then keeps requeueing jobs whose worker died while this one runs.
        """
        from tremorwatch.services.jobs_tasks import LeaseReaper, recover_interrupted_jobs

        if recover:
            recover_interrupted_jobs(self)
        if self.worker is None:
            self.worker = EmbeddedWorker(self.huey, workers=workers)
        self.worker.start()
        if self.reaper is None:
            self.reaper = LeaseReaper(self)
            self.reaper.start()

    def close(self) -> None:
        """Stop the embedded worker and release connections."""
        if self.reaper is not None:
            self.reaper.stop()
            self.reaper = None
        if self.worker is not None:
            self.worker.stop()
        self.engine.dispose()


def build_runtime(settings: Settings, *, engine: Engine | None = None) -> Runtime:
    """A :class:`Runtime` for ``settings`` (``engine`` overrides the settings' database)."""
    from tremorwatch.services.jobs_tasks import register_tasks

    engine = engine or make_engine(settings)
    sessions = make_session_factory(engine)
    runtime = Runtime(
        settings=settings,
        engine=engine,
        sessions=sessions,
        files=FileStore(
            settings.resolved_media_dir, max_bytes=settings.max_upload_mb * 1024 * 1024
        ),
        huey=make_huey(settings),
        throttle=LoginThrottle(sessions),
    )
    runtime.analyse_task = register_tasks(runtime)
    return runtime
