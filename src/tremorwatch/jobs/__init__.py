"""tremorwatch.jobs: the background task queue (Huey), embedded or distributed.

* ``queue.make_huey(settings)``: a :class:`huey.SqliteHuey` in the data folder (embedded mode,
  the default) or a :class:`huey.RedisHuey` on ``settings.redis_url`` (distributed mode). The
  queue is persistent in both, so a queued job survives a restart.
* ``queue.EmbeddedWorker``: consumer threads inside the web app process (started by the app's
  lifespan in embedded mode).
* ``queue.run_consumer``: the blocking consumer behind ``tremorwatch worker``.

Layering: ``jobs`` sits below ``services`` and may not import it, so the task functions (which
need the analysis, storage and triage services) live in ``tremorwatch.services.jobs_tasks``,
which registers them on a Huey instance made here. Task names are fixed strings, so a producer
and a consumer in different processes agree on them.
"""
