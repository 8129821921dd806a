"""Caregiver-facing knowledge pages: what each cause and disposition means, warning signs,
home checks and the tests a doctor may do. Data, not code (``pages/``), with citations.

>>> from tremorwatch.domain.knowledge import get_page
>>> get_page("physiological_jitteriness").kind
<PageKind.CAUSE: 'cause'>
"""

from tremorwatch.domain.knowledge.loader import (
    DEFAULT_PAGES_DIR,
    get_page,
    load_page_file,
    load_pages,
    pages_by_kind,
)
from tremorwatch.domain.knowledge.schema import Page, PageKind, Section

__all__ = [
    "DEFAULT_PAGES_DIR",
    "Page",
    "PageKind",
    "Section",
    "get_page",
    "load_page_file",
    "load_pages",
    "pages_by_kind",
]
