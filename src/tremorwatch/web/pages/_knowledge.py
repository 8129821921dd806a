"""The knowledge pages of the engine, for links from a triage result to the Learn pages."""

from __future__ import annotations

import logging

from tremorwatch.domain.knowledge import load_pages
from tremorwatch.errors import RuleSetError

log = logging.getLogger(__name__)


def learn_page_ids() -> frozenset[str]:
    """Ids of the knowledge pages (cause and disposition codes among them).

    A broken knowledge file must never keep a triage answer from being shown: the answer is
    then shown without links to Learn (and the problem is logged).
    """
    try:
        return frozenset(load_pages())
    except RuleSetError:
        log.exception("the knowledge pages cannot be loaded; results are shown without links")
        return frozenset()
