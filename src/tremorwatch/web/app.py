"""The web app factory: ``create_app(settings) -> FastAPI``.

What it assembles:

* a :class:`~tremorwatch.services.runtime.Runtime` (engine, sessions, file store, job queue),
  on ``app.state.runtime``; the settings on ``app.state.settings``;
* the page language of each request (:mod:`tremorwatch.web.i18n`);
* security (signed session cookie, CSRF token and user on ``request.state``) and the one error
  handler;
* security (signed session cookie, CSRF token and user on ``request.state``), idempotent
  writes (:mod:`tremorwatch.web.idempotency`), the sub-path of a reverse proxy
  (:mod:`tremorwatch.web.proxy`, when ``settings.root_path`` is set) and the one error handler;
* the JSON API under ``/api/v1`` (OpenAPI at ``/api/v1/openapi.json``, docs at
  ``/api/v1/docs``), the caregiver pages (``tremorwatch.web.pages.router``), the clinician
  pages and API (``tremorwatch.web.clinician.router``), and ``/static``.

The lifespan (run by uvicorn, or by ``with TestClient(app)``) upgrades a SQLite database to the
newest migration when ``auto_migrate`` is true (default: only for SQLite; a PostgreSQL schema
is upgraded deliberately with ``tremorwatch db upgrade``), sweeps the media folder of files a
killed process left behind (partial uploads, files no recording refers to, older than
``settings.orphan_grace_s``), starts the embedded job worker threads when
``settings.queue == "embedded"``, and stops them on shutdown.
"""

from __future__ import annotations

import importlib.metadata
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from tremorwatch.config import Settings, get_settings
from tremorwatch.services.runtime import Runtime, build_runtime
from tremorwatch.web.api import API_PREFIX, ERROR_RESPONSES, build_router
from tremorwatch.web.api_docs import install_api_docs
from tremorwatch.web.body_cache import build_body_cache
from tremorwatch.web.errors import install_error_handlers
from tremorwatch.web.i18n import LanguageMiddleware
from tremorwatch.web.idempotency import IdempotencyMiddleware
from tremorwatch.web.proxy import RootPathMiddleware
from tremorwatch.web.security import install_security

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"


def _migrate_if_wanted(runtime: Runtime, auto_migrate: bool | None) -> None:
    from tremorwatch.storage import migrate

    if auto_migrate is None:
        auto_migrate = runtime.engine.dialect.name == "sqlite"
    if auto_migrate:
        migrate.upgrade(runtime.engine)
    elif not migrate.is_up_to_date(runtime.engine):
        log.warning("The database is not at the newest schema; run `tremorwatch db upgrade`.")


def _sweep_media(runtime: Runtime) -> None:
    from tremorwatch.services.recordings import sweep_orphan_files

    try:
        sweep_orphan_files(runtime)
    except Exception:  # a sweep that cannot run must not keep the app from starting
        log.exception("could not sweep the media folder")


def create_app(
    settings: Settings | None = None,
    *,
    runtime: Runtime | None = None,
    auto_migrate: bool | None = None,
    start_worker: bool | None = None,
    worker_threads: int = 1,
    recover_jobs: bool = True,
) -> FastAPI:
    """Build the FastAPI application.

    Parameters
    ----------
    settings
        Settings to use; default :func:`~tremorwatch.config.get_settings`.
    runtime
        An existing runtime to use (tests); by default one is built from ``settings`` and
        closed on shutdown.
    auto_migrate
        Upgrade the database at start-up; ``None`` means "only for SQLite".
    start_worker
        Start embedded job worker threads; ``None`` means "when settings.queue is embedded".
    worker_threads
        Number of embedded worker threads.
    recover_jobs
        Requeue interrupted analyses when the embedded worker starts. ``tremorwatch serve``
        does it once before it starts its processes, and passes ``False``.
    """
    settings = settings or (runtime.settings if runtime else get_settings())
    owns_runtime = runtime is None
    rt = runtime or build_runtime(settings)
    run_worker = settings.queue == "embedded" if start_worker is None else start_worker

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(_migrate_if_wanted, rt, auto_migrate)
        await run_in_threadpool(_sweep_media, rt)
        if run_worker:
            await run_in_threadpool(
                rt.start_embedded_worker, workers=worker_threads, recover=recover_jobs
            )
        try:
            yield
        finally:
            if rt.worker is not None:
                await run_in_threadpool(rt.worker.stop)
            if owns_runtime:
                await run_in_threadpool(rt.close)

    app = FastAPI(
        title="tremorwatch",
        version=importlib.metadata.version("tremorwatch"),
        description="Decision support for infant leg tremors: triage, diary, movement analysis. "
        "Not a diagnosis.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # served with packaged assets by install_api_docs (works offline)
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.runtime = rt
    app.state.body_cache = build_body_cache(settings)
    install_error_handlers(app)
    app.add_middleware(LanguageMiddleware)  # inside the session: it knows the user
    app.add_middleware(IdempotencyMiddleware, runtime=rt)  # inside the session middleware
    install_security(app, rt)
    install_api_docs(app, docs_url=f"{API_PREFIX}/docs", openapi_url=f"{API_PREFIX}/openapi.json")
    if settings.root_path:
        app.add_middleware(RootPathMiddleware, root_path=settings.root_path)  # outermost
    app.include_router(build_router())

    from tremorwatch.web.pages import router as pages_router

    app.include_router(pages_router, include_in_schema=False)
    from tremorwatch.web.clinician import router as clinician_router

    # its pages are kept out of the OpenAPI document; its API answers errors of the same shape
    app.include_router(clinician_router, responses=ERROR_RESPONSES)
    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static-files")
    return app


def app_for_serve() -> FastAPI:
    """The app of one ``tremorwatch serve`` process, built from the environment.

    uvicorn calls it in every worker process (``factory=True``); the settings, including
    ``job_threads``, come from the ``TREMORWATCH_*`` variables the command set.
    """
    settings = get_settings()
    return create_app(
        settings,
        auto_migrate=False,
        start_worker=settings.queue == "embedded" and settings.job_threads > 0,
        worker_threads=max(1, settings.job_threads),
        recover_jobs=False,
    )
