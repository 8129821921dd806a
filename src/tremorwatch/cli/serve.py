"""``tremorwatch serve`` (the web app) and ``tremorwatch worker`` (job consumers).

``serve`` needs no set-up: with the default SQLite database it upgrades the schema to the
newest migration first, then runs uvicorn with the embedded job worker inside. With PostgreSQL
(``TREMORWATCH_DATABASE_URL``) run ``tremorwatch db upgrade`` once per release instead (or pass
``--migrate``). ``worker`` consumes the Redis queue (``TREMORWATCH_QUEUE=redis``) on any
machine that shares the database and the media folder.
"""

from __future__ import annotations

import logging

import click

from tremorwatch.config import get_settings
from tremorwatch.errors import ConfigError


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--migrate/--no-migrate",
    default=None,
    help="Upgrade the database schema at start-up (default: only for SQLite).",
)
@click.option(
    "--workers",
    "worker_threads",
    default=1,
    show_default=True,
    type=click.IntRange(0, 16),
    help="Embedded job worker threads (embedded queue only; 0 to run none).",
)
def serve(host: str, port: int, migrate: bool | None, worker_threads: int) -> None:
    """Run the web app (SQLite in the data folder unless TREMORWATCH_DATABASE_URL is set)."""
    import uvicorn

    from tremorwatch.storage import migrate as migrations
    from tremorwatch.storage.engine import make_engine
    from tremorwatch.web.app import create_app

    settings = get_settings()
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    engine = make_engine(settings)
    try:
        if migrate if migrate is not None else engine.dialect.name == "sqlite":
            migrations.upgrade(engine)
        elif not migrations.is_up_to_date(engine):
            raise ConfigError(
                "The database schema is not up to date. Run `tremorwatch db upgrade` first "
                "(or `tremorwatch serve --migrate`)."
            )
    finally:
        engine.dispose()
    app = create_app(
        settings,
        auto_migrate=False,
        start_worker=settings.queue == "embedded" and worker_threads > 0,
        worker_threads=max(1, worker_threads),
    )
    click.echo(f"tremorwatch is running on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level=settings.log_level.lower())


@click.command()
@click.option("--threads", default=2, show_default=True, type=click.IntRange(1, 64))
def worker(threads: int) -> None:
    """Consume background jobs (video analysis) from the Redis queue.

    A job whose worker died (its lease, TREMORWATCH_JOB_LEASE_S, ran out) is queued again by
    the other workers, or marked failed after TREMORWATCH_JOB_MAX_ATTEMPTS interruptions.
    """
    from tremorwatch.jobs.queue import run_consumer
    from tremorwatch.services.jobs_tasks import LeaseReaper, recover_interrupted_jobs
    from tremorwatch.services.runtime import build_runtime

    settings = get_settings()
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    if settings.queue != "redis":
        raise ConfigError(
            "`tremorwatch worker` consumes the distributed queue: set TREMORWATCH_QUEUE=redis "
            "(and TREMORWATCH_REDIS_URL). With the default embedded queue, `tremorwatch serve` "
            "runs the jobs itself.",
            field="queue",
        )
    runtime = build_runtime(settings)
    recovered = recover_interrupted_jobs(runtime, stale_after_s=settings.job_lease_s)
    if recovered:
        click.echo(f"Requeued {recovered} interrupted analysis job(s).", err=True)
    reaper = LeaseReaper(runtime)
    reaper.start()
    click.echo(
        f"tremorwatch worker: {threads} thread(s) on queue {runtime.huey.name!r} "
        f"({settings.redis_url})",
        err=True,
    )
    try:
        run_consumer(runtime.huey, workers=threads)
    finally:
        reaper.stop()
        runtime.engine.dispose()
