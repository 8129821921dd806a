"""Learn: the engine's knowledge pages (what each cause and answer means), with sources."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from tremorwatch.domain.knowledge import get_page, load_pages, pages_by_kind
from tremorwatch.web.pages._errors import PageRoute
from tremorwatch.web.pages._render import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/learn", response_class=HTMLResponse)
def learn_index(request: Request) -> Response:
    return render(request, "learn/index.html", {"nav": "learn", "groups": pages_by_kind()})


@router.get("/learn/{page_id}", response_class=HTMLResponse)
def learn_page(request: Request, page_id: str) -> Response:
    page = get_page(page_id)
    pages = load_pages()
    related = [pages[r] for r in page.related if r in pages]
    return render(request, "learn/page.html", {"nav": "learn", "page": page, "related": related})
