"""The public pages of a share link: ``/s/{token}`` and what it may open.

The link shows one baby's report over its range, with that baby's videos and analysis plots
of the same range, and nothing else of the family. A passcode, when set, is asked once per
browser session. Expired and revoked links get a page saying so (HTTP 410), unknown tokens the
not-found page. Every response carries no-store / no-referrer / noindex headers.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from sqlalchemy.orm import Session

from tremorwatch.domain.motion import MotionAnalysis
from tremorwatch.errors import NotFound, RateLimited
from tremorwatch.services import reports as report_service
from tremorwatch.services import share as share_service
from tremorwatch.web.clinician._common import SHARED_HEADERS, masked_client, render_page
from tremorwatch.web.deps import DbSession, RuntimeDep
from tremorwatch.web.pages._deps import read_form
from tremorwatch.web.pages._render import app_settings

router = APIRouter()

SESSION_KEY = "shares_unlocked"


def _unlocked(request: Request) -> list[str]:
    value = request.session.get(SESSION_KEY, [])
    return list(value) if isinstance(value, list) else []


def _open(
    request: Request, db: Session, token: str, what: str, passcode: str | None = None
) -> share_service.ShareGrant:
    share_id = share_service.share_id_for_token(db, token)
    return share_service.open_share(
        db,
        token,
        what=what,
        client=masked_client(request),
        user_agent=request.headers.get("user-agent", ""),
        passcode=passcode,
        passcode_ok=share_id is not None and share_id in _unlocked(request),
    )


def _gate(
    request: Request, db: Session, token: str, what: str, recording_id: str | None = None
) -> Any:
    """The grant (with the recording row when ``recording_id`` is given), or the page to show
    instead (passcode form, expired/revoked page)."""
    try:
        if recording_id is not None:
            share_id = share_service.share_id_for_token(db, token)
            return share_service.open_shared_recording(
                db,
                token,
                recording_id,
                what=what,
                client=masked_client(request),
                user_agent=request.headers.get("user-agent", ""),
                passcode_ok=share_id is not None and share_id in _unlocked(request),
            )
        return _open(request, db, token, what)
    except share_service.PasscodeRequired:
        return render_page(
            request,
            "clinician/shared_passcode.html",
            {"token": token},
            headers=SHARED_HEADERS,
            status_code=401,
        )
    except share_service.ShareUnavailable as exc:
        return render_page(
            request,
            "clinician/shared_unavailable.html",
            {"message": exc.message, "revoked": exc.code == "share_revoked"},
            status_code=410,
            headers=SHARED_HEADERS,
        )


@router.get("/s/{token}", response_class=HTMLResponse)
def shared_report(request: Request, token: str, db: DbSession, timezone: str = "") -> Response:
    """The shared report, with links to the range's videos and analysis plots."""
    grant = _gate(request, db, token, "report")
    if isinstance(grant, Response):
        return grant
    report = share_service.shared_report(
        db,
        grant,
        timezone=timezone or None,
        emergency_override=app_settings(request).emergency_number,
    )
    links: dict[str, dict[str, str]] = {}
    for rec in report.recordings:
        links[rec.id] = {"video": f"/s/{token}/recordings/{rec.id}/video"}
        if rec.status == "done":
            links[rec.id]["plot"] = f"/s/{token}/recordings/{rec.id}/plot.svg"
    banner = (
        f"Shared read-only by {report.infant.name}'s family; this link works until "
        f"{grant.expires_at.astimezone(ZoneInfo(report.timezone)):%Y-%m-%d %H:%M %Z}."
    )
    from tremorwatch.reports.render import render_html

    html = render_html(report, links=links, banner=banner, pdf_url=f"/s/{token}/report.pdf")
    return HTMLResponse(html, headers=SHARED_HEADERS)


@router.post("/s/{token}", response_class=HTMLResponse)
async def unlock(request: Request, token: str, db: DbSession) -> Response:
    """Check the passcode; on success remember it for this browser session."""
    form = await read_form(request)
    try:
        grant = _open(request, db, token, "passcode", passcode=str(form.get("passcode") or ""))
    except share_service.PasscodeRequired as exc:
        return render_page(
            request,
            "clinician/shared_passcode.html",
            {"token": token, "error": exc.message},
            status_code=401,
            headers=SHARED_HEADERS,
        )
    except RateLimited as exc:
        return render_page(
            request,
            "clinician/shared_passcode.html",
            {"token": token, "error": exc.message},
            status_code=429,
            headers=SHARED_HEADERS,
        )
    except share_service.ShareUnavailable:
        return RedirectResponse(f"/s/{token}", status_code=303)
    request.session[SESSION_KEY] = [*_unlocked(request), grant.share_id][-20:]
    return RedirectResponse(f"/s/{token}", status_code=303, headers=SHARED_HEADERS)


@router.get("/s/{token}/report.pdf")
def shared_pdf(request: Request, token: str, db: DbSession, paper: str = "a4") -> Response:
    grant = _gate(request, db, token, "report.pdf")
    if isinstance(grant, Response):
        return grant
    report = share_service.shared_report(
        db, grant, emergency_override=app_settings(request).emergency_number
    )
    data, media_type = report_service.report_document(report, fmt="pdf", paper=paper)
    headers = {
        **SHARED_HEADERS,
        "Content-Disposition": 'attachment; filename="tremorwatch-report.pdf"',
    }
    return Response(data, media_type=media_type, headers=headers)


@router.get("/s/{token}/recordings/{recording_id}/video")
def shared_video(
    request: Request, token: str, recording_id: str, db: DbSession, runtime: RuntimeDep
) -> Response:
    opened = _gate(request, db, token, "video", recording_id)
    if isinstance(opened, Response):
        return opened
    _, rec = opened
    headers: dict[str, Any] = {**SHARED_HEADERS, "Content-Length": str(rec.size_bytes)}
    return StreamingResponse(
        runtime.files.open_chunks(rec.storage_key), media_type=rec.content_type, headers=headers
    )


@router.get("/s/{token}/recordings/{recording_id}/plot.svg")
def shared_plot(request: Request, token: str, recording_id: str, db: DbSession) -> Response:
    opened = _gate(request, db, token, "plot", recording_id)
    if isinstance(opened, Response):
        return opened
    _, rec = opened
    if not rec.analysis:
        raise NotFound("This recording has no analysis yet.", field="recording_id")
    from tremorwatch.reports.charts import recording_analysis_svg

    svg = recording_analysis_svg(MotionAnalysis.model_validate(rec.analysis))
    return Response(svg, media_type="image/svg+xml", headers=SHARED_HEADERS)
