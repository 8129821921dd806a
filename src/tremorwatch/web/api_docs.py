"""``/api/v1/docs``: Swagger UI with its assets served from the package (works offline).

FastAPI's default docs page loads Swagger UI from a CDN, so it is blank without the internet
or behind a clinic's firewall. The files of ``swagger-ui-dist`` are vendored under
``web/static/swagger-ui`` (Apache-2.0, see its ``VERSION.md`` and ``LICENSE``) and served by the
app's ``/static`` mount.
"""

from __future__ import annotations

from typing import Final

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

SWAGGER_UI_VERSION: Final = "5.35.0"
ASSETS: Final = "/static/swagger-ui"


def install_api_docs(app: FastAPI, *, docs_url: str, openapi_url: str) -> None:
    """Serve the Swagger UI page at ``docs_url`` for the document at ``openapi_url``."""

    @app.get(docs_url, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js?v={SWAGGER_UI_VERSION}",
            swagger_css_url=f"{ASSETS}/swagger-ui.css?v={SWAGGER_UI_VERSION}",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )
