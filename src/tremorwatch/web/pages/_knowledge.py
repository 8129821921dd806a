"""The knowledge pages of the engine, for links from a triage result to the Learn pages."""

from __future__ import annotations

from tremorwatch.domain.knowledge import load_pages


def learn_page_ids() -> frozenset[str]:
    """Ids of the knowledge pages (cause and disposition codes among them)."""
    return frozenset(load_pages())
