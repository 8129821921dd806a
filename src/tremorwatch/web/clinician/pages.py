"""Family pages: report and export downloads, share-link management, the milestone checklist."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tremorwatch.domain.diary import MilestoneAnswerValue
from tremorwatch.domain.milestones import CHECKPOINT_AGES_MONTHS, MilestoneDomain
from tremorwatch.errors import InputError
from tremorwatch.services import export as export_service
from tremorwatch.services import families as family_service
from tremorwatch.services import milestones as milestone_service
from tremorwatch.services import reports as report_service
from tremorwatch.services import share as share_service
from tremorwatch.services.context import Role
from tremorwatch.services.infants import get_infant
from tremorwatch.web import security
from tremorwatch.web.clinician._common import attachment, day_range, render_page
from tremorwatch.web.deps import DbSession, PageUser, RuntimeDep
from tremorwatch.web.pages._deps import read_form
from tremorwatch.web.pages._render import app_settings

router = APIRouter()


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "baby"


@router.get("/babies/{infant_id}/report", response_class=HTMLResponse)
def report_options(
    *,
    request: Request,
    infant_id: str,
    user: PageUser,
    db: DbSession,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
) -> HTMLResponse:
    """Choose a range and download the report or an export."""
    infant = get_infant(db, user, infant_id)
    start, end = day_range(date_from, date_to)
    return render_page(
        request,
        "clinician/report_options.html",
        {"infant": infant, "date_from": start, "date_to": end, "nav": "diary"},
    )


@router.get("/babies/{infant_id}/report.{fmt}")
def report_download(
    *,
    infant_id: str,
    fmt: str,
    user: PageUser,
    db: DbSession,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    paper: str = "a4",
    timezone: str = "",
    request: Request,
) -> Response:
    """The report as HTML (shown) or PDF (downloaded)."""
    start, end = day_range(date_from, date_to, timezone=user.timezone)
    built = report_service.clinician_report(
        db,
        user,
        infant_id,
        date_from=start,
        date_to=end,
        timezone=timezone or None,
        emergency_override=app_settings(request).emergency_number,
    )
    data, media_type = report_service.report_document(built, fmt=fmt, paper=paper)
    headers = {"Cache-Control": "private, no-store"}
    if fmt == "pdf":
        headers = attachment(f"tremorwatch-report-{_slug(built.infant.name)}-{start}-{end}.pdf")
    return Response(data, media_type=media_type, headers=headers)


@router.get("/babies/{infant_id}/export.{fmt}")
def export_download(
    *,
    infant_id: str,
    fmt: str,
    request: Request,
    user: PageUser,
    db: DbSession,
    runtime: RuntimeDep,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
) -> Response:
    """FHIR Bundle (``export.fhir.json`` is ``fmt=fhir.json``) or episodes CSV."""
    start, end = day_range(date_from, date_to) if date_from or date_to else (None, None)
    infant = get_infant(db, user, infant_id)
    slug = _slug(infant.name)
    if fmt == "fhir.json":
        bundle = export_service.export_fhir(
            db,
            user,
            infant_id,
            date_from=start,
            date_to=end,
            base_url=runtime.settings.public_url or str(request.base_url),
        )
        return Response(
            json.dumps(bundle, indent=1, ensure_ascii=False),
            media_type="application/fhir+json",
            headers=attachment(f"tremorwatch-{slug}-fhir.json"),
        )
    if fmt == "csv":
        text = export_service.export_csv(db, user, infant_id, date_from=start, date_to=end)
        return Response(
            text,
            media_type="text/csv; charset=utf-8",
            headers=attachment(f"tremorwatch-{slug}-episodes.csv"),
        )
    raise InputError(f"Unknown export format {fmt!r}; use fhir.json or csv.", field="format")


@router.get("/family/export.json")
def family_export(
    user: PageUser, db: DbSession, runtime: RuntimeDep, videos: bool = True
) -> Response:
    """The whole family as a JSON file that can be imported again (owners only)."""
    user.require(Role.OWNER)
    doc = export_service.export_family(db, user, runtime.files, include_files=videos)
    return Response(
        json.dumps(doc.to_json_dict(), ensure_ascii=False),
        media_type="application/json",
        headers=attachment(f"tremorwatch-family-{date.today()}.json"),
    )


@router.get("/family/delete", response_class=HTMLResponse)
def family_delete_page(request: Request, user: PageUser, db: DbSession) -> HTMLResponse:
    """Confirm deleting the family's whole diary (owners only)."""
    user.require(Role.OWNER)
    family = family_service.family_of(db, user)
    return render_page(request, "clinician/family_delete.html", {"family": family, "nav": "family"})


@router.post("/family/delete", response_class=HTMLResponse)
async def family_delete(
    request: Request, user: PageUser, db: DbSession, runtime: RuntimeDep
) -> HTMLResponse:
    """Delete the family's data and videos once the owner typed the family's name."""
    user.require(Role.OWNER)
    form = await read_form(request)
    family = family_service.family_of(db, user)
    typed = str(form.get("confirm_name", "")).strip()
    if typed != family.name:
        return render_page(
            request,
            "clinician/family_delete.html",
            {
                "family": family,
                "nav": "family",
                "typed": typed,
                "error": f"Type the family name exactly as shown ({family.name}) to confirm; "
                "nothing was deleted.",
            },
            status_code=400,
        )
    removed = export_service.delete_family(db, user, runtime.files)
    security.sign_out(request)
    return render_page(
        request,
        "clinician/family_deleted.html",
        {"family_name": family.name, "videos_removed": removed},
    )


# -- share links ---------------------------------------------------------------------------


def _shares_page(
    request: Request, user: PageUser, db: DbSession, infant_id: str, **extra: object
) -> HTMLResponse:
    infant = get_infant(db, user, infant_id)
    start, end = report_service.default_range()
    context = {
        "infant": infant,
        "shares": share_service.list_shares(db, user, infant_id=infant_id),
        "date_from": start,
        "date_to": end,
        "default_days": request.app.state.settings.share_link_days,
        "nav": "diary",
    }
    context.update(extra)
    status = 422 if "error" in extra else 200
    return render_page(request, "clinician/shares.html", context, status_code=status)


@router.get("/babies/{infant_id}/shares", response_class=HTMLResponse)
def shares(request: Request, infant_id: str, user: PageUser, db: DbSession) -> HTMLResponse:
    """The baby's share links with their access log, and a form to make one."""
    return _shares_page(request, user, db, infant_id)


@router.post("/babies/{infant_id}/shares", response_class=HTMLResponse)
async def create_share(
    request: Request, infant_id: str, user: PageUser, db: DbSession
) -> HTMLResponse:
    form = await read_form(request)
    try:
        days_text = str(form.get("days") or "").strip()
        created = share_service.create_share(
            db,
            user,
            infant_id,
            date_from=day_range(str(form.get("date_from") or ""), None)[0],
            date_to=day_range(str(form.get("date_from") or ""), str(form.get("date_to") or ""))[1],
            days=int(days_text) if days_text.isdigit() else None,
            passcode=str(form.get("passcode") or "") or None,
            label=str(form.get("label") or ""),
        )
    except InputError as exc:
        return _shares_page(request, user, db, infant_id, error=exc.message)
    link = str(request.base_url).rstrip("/") + created.path
    return _shares_page(request, user, db, infant_id, created=created, link=link)


@router.post("/shares/{share_id}/revoke")
async def revoke_share(
    request: Request, share_id: str, user: PageUser, db: DbSession
) -> RedirectResponse:
    await read_form(request)
    revoked = share_service.revoke_share(db, user, share_id)
    return RedirectResponse(f"/babies/{revoked.infant_id}/shares", status_code=303)


# -- milestones ----------------------------------------------------------------------------


@router.get("/babies/{infant_id}/milestones", response_class=HTMLResponse)
def milestones(
    *,
    request: Request,
    infant_id: str,
    user: PageUser,
    db: DbSession,
    age: int | None = None,
    saved: int = 0,
) -> HTMLResponse:
    """The checklist due by (corrected) age, or the one of ``age`` months; yes / not yet / unsure."""
    infant = get_infant(db, user, infant_id)
    checklist = milestone_service.checklist(db, user, infant_id, age_months=age)
    return render_page(
        request,
        "clinician/milestones.html",
        {
            "infant": infant,
            "checklist": checklist,
            "ages": CHECKPOINT_AGES_MONTHS,
            "domains": list(MilestoneDomain),
            "values": [
                (v.value, {"yes": "Yes", "not_yet": "Not yet", "unsure": "Unsure"}[v.value])
                for v in MilestoneAnswerValue
            ],
            "history": list(reversed(milestone_service.history(db, user, infant_id)))[:50],
            "saved": saved,
            "nav": "diary",
        },
    )


@router.post("/babies/{infant_id}/milestones")
async def save_milestones(
    request: Request, infant_id: str, user: PageUser, db: DbSession
) -> Response:
    form = await read_form(request)
    age = str(form.get("age") or "")
    current = milestone_service.checklist(
        db, user, infant_id, age_months=int(age) if age.isdigit() else None
    )
    latest = {item.milestone.id: item.answer for item in current.items}
    changed = {}
    for key, value in form.items():
        if key.startswith("m_") and isinstance(value, str) and value:
            mid = key.removeprefix("m_")
            if mid not in latest:
                continue  # not a skill of this checklist
            before = latest[mid]
            if before is None or before.value != value:
                changed[mid] = value
    saved = milestone_service.record_answers(db, user, infant_id, changed) if changed else []
    return RedirectResponse(
        f"/babies/{infant_id}/milestones?age={current.age_months}&saved={len(saved)}",
        status_code=303,
    )
