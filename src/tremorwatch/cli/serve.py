"""``tremorwatch serve`` (the web app) and ``tremorwatch worker`` (job consumers).

``serve`` needs no set-up: with the default SQLite database it upgrades the schema to the
newest migration first, then runs uvicorn with the embedded job worker inside. ``--workers N``
starts N web processes with uvicorn's own process manager (it restarts a process that dies);
uvicorn is used rather than gunicorn with uvicorn workers because it is already a dependency,
runs on every platform tremorwatch supports and needs no second configuration to keep in step.
Every process shares its state through the database (login throttling, idempotency keys, job
state), so any process can answer any request. With PostgreSQL
(``TREMORWATCH_DATABASE_URL``) run ``tremorwatch db upgrade`` once per release instead (or pass
``--migrate``). ``worker`` consumes the Redis queue (``TREMORWATCH_QUEUE=redis``) on any
machine that shares the database and the media folder.
"""

from __future__ import annotations

import logging
import os
import socket

import click

from tremorwatch.config import Settings, get_settings
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
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Web server processes (uvicorn worker processes; about one per CPU core). With more "
    "than one, use PostgreSQL: SQLite allows one writer at a time.",
)
@click.option(
    "--job-threads",
    default=None,
    type=click.IntRange(0, 16),
    help="Embedded job worker threads in each web process (embedded queue only; 0 to run "
    "none) [default: TREMORWATCH_JOB_THREADS, 1].",
)
def serve(
    host: str, port: int, migrate: bool | None, workers: int, job_threads: int | None
) -> None:
    """Run the web app (SQLite in the data folder unless TREMORWATCH_DATABASE_URL is set).

    With TREMORWATCH_QUEUE=redis the analyses go to `tremorwatch worker` processes, which may
    run on other machines; the default embedded queue runs them in threads of these processes.
    """
    import uvicorn

    from tremorwatch.storage import migrate as migrations
    from tremorwatch.storage.engine import make_engine

    if job_threads is not None:
        os.environ["TREMORWATCH_JOB_THREADS"] = str(job_threads)  # the worker processes read it
    if not os.environ.get("TREMORWATCH_SERVER_ID"):
        # this server's jobs carry its name (the worker processes read it): stable over a
        # restart on the same port, different from a sibling server's on this host
        os.environ["TREMORWATCH_SERVER_ID"] = f"{socket.gethostname()}:{port}"
    get_settings.cache_clear()
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
    if settings.queue == "embedded" and settings.job_threads > 0:
        _recover_embedded_jobs(settings)
    click.echo(
        f"tremorwatch is running on http://{host}:{port}{settings.root_path}/ "
        f"({workers} process{'es' if workers != 1 else ''}; Ctrl+C to stop)",
        err=True,
    )
    uvicorn.run(
        "tremorwatch.web.app:app_for_serve",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        log_level=settings.log_level.lower(),
    )


def _recover_embedded_jobs(settings: Settings) -> None:
    """Requeue analyses a previous run left behind (before any process takes jobs)."""
    from tremorwatch.services.jobs_tasks import recover_interrupted_jobs
    from tremorwatch.services.runtime import build_runtime

    runtime = build_runtime(settings)
    try:
        recovered = recover_interrupted_jobs(runtime)
    finally:
        runtime.close()
    if recovered:
        click.echo(f"Requeued {recovered} interrupted analysis job(s).", err=True)


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
