"""JSON API of the clinician part, under ``/api/v1`` (API token or session + CSRF header).

* ``GET  /api/v1/infants/{id}/report?from&to&format=pdf|html&paper=a4|letter&timezone``
* ``GET  /api/v1/infants/{id}/export?format=fhir|csv&from&to``
* ``GET  /api/v1/family/export?videos=true``                 (owners)
* ``POST /api/v1/family/delete`` ``{"confirm": "<family name>"}``  (owners; data and videos)
* ``GET  /api/v1/infants/{id}/milestones?age``  ``POST`` ``{"answers": {id: value}}``
* ``GET  /api/v1/infants/{id}/shares``  ``POST`` ``{"date_from", "date_to", "days", "passcode",
  "label"}`` (the token is in the answer, once)  ``POST /api/v1/shares/{id}/revoke``
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from tremorwatch.errors import InputError
from tremorwatch.services import export as export_service
from tremorwatch.services import families as family_service
from tremorwatch.services import milestones as milestone_service
from tremorwatch.services import reports as report_service
from tremorwatch.services import share as share_service
from tremorwatch.services.context import Role
from tremorwatch.web.clinician._common import attachment, day_range, parse_day
from tremorwatch.web.deps import ApiActor, DbSession, RuntimeDep
from tremorwatch.web.pages._render import app_settings

router = APIRouter(prefix="/api/v1")


class MilestoneAnswersIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, str] = Field(description="milestone id -> yes | not_yet | unsure")


class FamilyDeleteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confirm: str = Field(description="The family's name, exactly, to confirm the deletion.")


class ShareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date_from: date
    date_to: date
    days: int | None = Field(default=None, description="Lifetime in days (default 7).")
    passcode: str | None = None
    label: str = ""


@router.get("/infants/{infant_id}/report")
def report(
    *,
    infant_id: str,
    actor: ApiActor,
    db: DbSession,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    format: str = "pdf",
    paper: str = "a4",
    timezone: str = "",
    request: Request,
) -> Response:
    """The report; days in ``timezone`` (IANA name), by default the family's."""
    start, end = day_range(date_from, date_to, timezone=actor.timezone)
    built = report_service.clinician_report(
        db,
        actor,
        infant_id,
        date_from=start,
        date_to=end,
        timezone=timezone or None,
        emergency_override=app_settings(request).emergency_number,
    )
    data, media_type = report_service.report_document(built, fmt=format, paper=paper)
    return Response(data, media_type=media_type, headers={"Cache-Control": "private, no-store"})


@router.get("/infants/{infant_id}/export")
def export(
    *,
    infant_id: str,
    request: Request,
    actor: ApiActor,
    db: DbSession,
    runtime: RuntimeDep,
    format: str = "fhir",
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
) -> Response:
    start, end = parse_day(date_from, "from"), parse_day(date_to, "to")
    if format == "csv":
        text = export_service.export_csv(db, actor, infant_id, date_from=start, date_to=end)
        return Response(
            text, media_type="text/csv; charset=utf-8", headers=attachment("episodes.csv")
        )
    from tremorwatch._checks import check_option

    check_option("format", format, ("fhir", "csv"))
    bundle = export_service.export_fhir(
        db,
        actor,
        infant_id,
        date_from=start,
        date_to=end,
        base_url=runtime.settings.public_url or str(request.base_url),
    )
    return Response(json.dumps(bundle, ensure_ascii=False), media_type="application/fhir+json")


@router.get("/family/export")
def family_export(
    actor: ApiActor, db: DbSession, runtime: RuntimeDep, videos: bool = True
) -> Response:
    actor.require(Role.OWNER)
    doc = export_service.export_family(db, actor, runtime.files, include_files=videos)
    return Response(
        json.dumps(doc.to_json_dict(), ensure_ascii=False), media_type="application/json"
    )


@router.post("/family/delete")
def delete_family(
    body: FamilyDeleteIn, actor: ApiActor, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Delete the caller's family: every row of it and its videos (owners only)."""
    actor.require(Role.OWNER)
    family = family_service.family_of(db, actor)
    if body.confirm.strip() != family.name:
        raise InputError(
            f"'confirm' must be the family's name ({family.name!r}); nothing was deleted.",
            field="confirm",
        )
    removed = export_service.delete_family(db, actor, runtime.files)
    return {"deleted": family.id, "videos_removed": removed}


@router.get("/infants/{infant_id}/milestones")
def milestones(
    infant_id: str, actor: ApiActor, db: DbSession, age: int | None = None
) -> dict[str, Any]:
    checklist = milestone_service.checklist(db, actor, infant_id, age_months=age)
    return checklist.model_dump(mode="json")


@router.post("/infants/{infant_id}/milestones", status_code=201)
def answer_milestones(
    infant_id: str, body: MilestoneAnswersIn, actor: ApiActor, db: DbSession
) -> list[dict[str, Any]]:
    saved = milestone_service.record_answers(db, actor, infant_id, body.answers)
    return [a.model_dump(mode="json") for a in saved]


@router.get("/infants/{infant_id}/shares")
def shares(infant_id: str, actor: ApiActor, db: DbSession) -> list[dict[str, Any]]:
    return [
        s.model_dump(mode="json") for s in share_service.list_shares(db, actor, infant_id=infant_id)
    ]


@router.post("/infants/{infant_id}/shares", status_code=201)
def create_share(infant_id: str, body: ShareIn, actor: ApiActor, db: DbSession) -> dict[str, Any]:
    created = share_service.create_share(
        db,
        actor,
        infant_id,
        date_from=body.date_from,
        date_to=body.date_to,
        days=body.days,
        passcode=body.passcode,
        label=body.label,
    )
    return created.model_dump(mode="json")


@router.post("/shares/{share_id}/revoke")
def revoke_share(share_id: str, actor: ApiActor, db: DbSession) -> dict[str, Any]:
    return share_service.revoke_share(db, actor, share_id).model_dump(mode="json")
