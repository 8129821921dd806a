"""The clinician part of the web app: report and export downloads, share links, milestones.

``router`` holds the family pages (:mod:`.pages`), the public share-link pages
(:mod:`.shared`, under ``/s/``) and the JSON API routes (:mod:`.api`, under ``/api/v1``).
``create_app`` includes it; only the JSON routes appear in the OpenAPI document.
"""

from fastapi import APIRouter

from tremorwatch.web.clinician import api, pages, shared

router = APIRouter()
router.include_router(pages.router, include_in_schema=False)
router.include_router(shared.router, include_in_schema=False)
router.include_router(api.router)  # JSON routes: listed in /api/v1/openapi.json

__all__ = ["router"]
