"""tremorwatch.storage: the database (SQLAlchemy 2 + Alembic) and the private file store.

Layout::

    base.py           declarative Base, UTC timestamps, unguessable ids
    models_accounts.py users, families, memberships, invitations, API tokens
    models_diary.py    infants, episodes, recordings, assessments
    all_models.py      imports every model module (Alembic's target metadata)
    engine.py          make_engine(settings), make_session_factory(engine)
    migrate.py         upgrade / downgrade / current / check, run programmatically
    migrations/        the Alembic environment and revisions (schema is created ONLY here)
    repositories/      every query; each one scoped to a family
    convert.py         rows -> domain value objects (tremorwatch.domain.diary)
    files.py           the private video store: streamed writes, magic bytes, sha256, size limit

Adding a model module from another part (e.g. the clinician reports): put the module in
``storage/``, import it in ``all_models.py``, and add an Alembic revision whose
``down_revision`` is the current head (``tremorwatch db current`` / ``migrate.heads()``).
"""
