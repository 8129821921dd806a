"""The knowledge pages of the engine, for the Learn pages and links from results."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def learn_page_ids() -> frozenset[str]:
    """Ids of the knowledge pages (cause and disposition codes), for links from a result."""
    from tremorwatch.domain import knowledge

    load_pages = getattr(knowledge, "load_pages", None)
    if load_pages is None:  # the knowledge pages are not built yet
        return frozenset()
    return frozenset(page.id for page in load_pages())
