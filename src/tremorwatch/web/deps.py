"""FastAPI dependencies shared by the API and the pages.

* ``RuntimeDep``: the app's :class:`~tremorwatch.services.runtime.Runtime`.
* ``DbSession``: a database session for one request (closed afterwards; services commit).
* ``ApiActor`` / ``OptionalApiActor``: the API caller (see :mod:`tremorwatch.web.security`).
* ``PageUser`` / ``OptionalPageUser``: the signed-in user of a page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from tremorwatch.services.context import Actor
from tremorwatch.services.runtime import Runtime, close_quietly
from tremorwatch.web.security import (
    api_actor,
    current_user,
    get_runtime,
    optional_api_actor,
    require_user,
)


def db_session(request: Request) -> Iterator[Session]:
    """A session for this request."""
    session = get_runtime(request).sessions()
    try:
        yield session
    finally:
        close_quietly(session)


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
DbSession = Annotated[Session, Depends(db_session)]
ApiActor = Annotated[Actor, Depends(api_actor)]
OptionalApiActor = Annotated[Actor | None, Depends(optional_api_actor)]
PageUser = Annotated[Actor, Depends(require_user)]
OptionalPageUser = Annotated[Actor | None, Depends(current_user)]
