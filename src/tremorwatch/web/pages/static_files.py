"""The pages' own static files (CSS, a small script), served from ``web/static``.

Only files that exist in that folder are served (no path walking); they are public and
cacheable for a day.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

_MEDIA_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=1)
def _static_files() -> dict[str, Path]:
    """Name -> path of every servable file (the folder is read once)."""
    return {
        path.name: path
        for path in STATIC_DIR.iterdir()
        if path.is_file() and path.suffix in _MEDIA_TYPES
    }


@router.get("/static/{name}", name="static")
def static_file(name: str) -> FileResponse:
    """One static file by name; anything else is a 404."""
    path = _static_files().get(name)
    if path is None:
        raise HTTPException(status_code=404)
    return FileResponse(
        path,
        media_type=_MEDIA_TYPES[path.suffix],
        headers={"Cache-Control": "public, max-age=86400"},
    )
