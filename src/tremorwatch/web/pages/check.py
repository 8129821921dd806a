""" "Is this an emergency?": the adaptive triage interview, one question per screen.

Works without an account (nothing is stored) and without JavaScript (plain forms; the answers
so far ride in a hidden field). Signed in with a baby chosen, the answer is saved to that baby's
diary. An emergency answer stops the interview at once.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from tremorwatch.domain.assessment import parse_assessment
from tremorwatch.domain.codes import Disposition
from tremorwatch.domain.triage.catalogue import Question
from tremorwatch.domain.triage.engine import evaluate
from tremorwatch.domain.triage_result import TriageResult
from tremorwatch.errors import InputError
from tremorwatch.i18n import gettext as _
from tremorwatch.i18n import translate
from tremorwatch.services import assessments, infants
from tremorwatch.services.context import Actor
from tremorwatch.web.pages._ages import age_text
from tremorwatch.web.pages._deps import current_actor, db_session, read_form
from tremorwatch.web.pages._errors import PageRoute
from tremorwatch.web.pages._interview import (
    AGE_FIELD,
    MAX_AGE_DAYS,
    InterviewState,
    Step,
    next_step,
    question_for,
)
from tremorwatch.web.pages._knowledge import learn_page_ids
from tremorwatch.web.pages._render import render

router = APIRouter(route_class=PageRoute, include_in_schema=False)

DbSession = Annotated[Session, Depends(db_session)]
MaybeActor = Annotated[Actor | None, Depends(current_actor)]

#: Days per unit for the age question.
AGE_UNITS = {"days": 1, "weeks": 7, "months": 30.44}


def _triage(partial: dict[str, Any]) -> TriageResult:
    """The engine's answer for the answers so far (stateless, nothing stored)."""
    return evaluate(parse_assessment(partial))


def _start_state(session: Session, actor: Actor | None, infant_id: str | None) -> InterviewState:
    """A fresh interview; for a chosen baby, its profile fills the infant block."""
    if actor is None or not infant_id:
        return InterviewState()
    infant = infants.get_infant(session, actor, infant_id)
    public = infants.infant_public(infant)
    block: dict[str, Any] = {"age_days": min(MAX_AGE_DAYS, public.age_days)}
    if infant.gestational_age_weeks is not None:
        block["gestational_age_weeks"] = infant.gestational_age_weeks
    if infant.birth_weight_g is not None:
        block["birth_weight_g"] = infant.birth_weight_g
    if infant.sex is not None:
        block["sex"] = infant.sex.value
    if infant.history:
        block["history"] = [h.value for h in infant.history]
    if infant.vitamin_k_at_birth is not None:
        block["vitamin_k_at_birth"] = infant.vitamin_k_at_birth.value
    return InterviewState(partial={"infant": block}, infant_id=infant.id)


def _show_step(
    request: Request,
    session: Session,
    actor: Actor | None,
    state: InterviewState,
    step: Step,
    *,
    error: str | None = None,
    values: list[str] | None = None,
) -> Response:
    status_code = 400 if error else 200
    if step.result is not None:
        return _show_result(request, session, actor, state, step.result)
    context: dict[str, Any] = {
        "nav": "check",
        "state": state.dumps(),
        "number": len(state.asked) + 1,
        "error": error,
        "values": values or [],
        "can_finish": state.age_known,
        "can_go_back": bool(state.asked),
    }
    if step.ask_age:
        return render(request, "check/age.html", context, status_code=status_code)
    context["question"] = step.question
    return render(request, "check/question.html", context, status_code=status_code)


def _show_result(
    request: Request,
    session: Session,
    actor: Actor | None,
    state: InterviewState,
    result: TriageResult,
) -> Response:
    saved = None
    infant = None
    if actor is not None and state.infant_id and actor.can_write and state.age_known:
        infant = infants.get_infant(session, actor, state.infant_id)
        saved = assessments.save_assessment(session, actor, infant.id, state.partial)
        result = saved.result
    return render(
        request,
        "check/result.html",
        {
            "nav": "check",
            "result": result,
            "emergency": result.disposition is Disposition.EMERGENCY,
            "saved": saved,
            "infant": infant,
            "learn_ids": learn_page_ids(),
            "answered": len(state.asked),
        },
    )


@router.get("/check", response_class=HTMLResponse)
def start(request: Request, session: DbSession, actor: MaybeActor, infant: str = "") -> Response:
    """The first question at once; signed in with several babies, first which baby."""
    if actor is not None and not infant:
        babies = infants.list_infants(session, actor)
        if len(babies) == 1:
            infant = babies[0].id
        elif len(babies) > 1:
            choices = [{"infant": b, "age_text": age_text(b)} for b in babies]
            return render(request, "check/choose.html", {"nav": "check", "infants": choices})
    state = _start_state(session, actor, infant if infant not in ("", "none") else None)
    return _show_step(request, session, actor, state, next_step(state, _triage))


def _parse_answer(question: Question, form: FormData) -> Any:
    """The answer of one screen as the catalogue's wire value (``None``: skipped)."""
    if "skip" in form:
        return None
    allowed = {c.value for c in question.choices}
    if question.kind in ("multi_choice", "findings"):
        picked = [v for v in form.getlist("answer") if isinstance(v, str)]
        if any(v not in allowed for v in picked):
            raise InputError(_("Choose only from the listed answers."), field="answer")
        return [] if "none" in form else picked
    raw = form.get("answer")
    value = raw.strip() if isinstance(raw, str) else ""
    if question.kind == "number":
        if not value:
            return None
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            raise InputError(_("Enter a number, for example 20."), field="answer") from None
        low = question.minimum if question.minimum is not None else 0.0
        high = question.maximum if question.maximum is not None else float("inf")
        if not low <= number <= high:
            unit = f" {translate(question.unit)}" if question.unit else ""
            raise InputError(
                _("Enter a number between %(low)s and %(high)s.")
                % {"low": f"{low:g}", "high": f"{high:g}{unit}"},
                field="answer",
            )
        return number
    if not value:
        raise InputError(_("Choose one of the answers."), field="answer")
    if value not in allowed:
        raise InputError(_("Choose one of the listed answers."), field="answer")
    return value


def _parse_age(form: FormData) -> int:
    raw = form.get("age")
    unit = form.get("unit")
    value = raw.strip().replace(",", ".") if isinstance(raw, str) else ""
    if not value:
        raise InputError(_("Enter your baby's age, for example 3 weeks."), field="age")
    try:
        number = float(value)
    except ValueError:
        raise InputError(_("Enter the age as a number, for example 3."), field="age") from None
    per_unit = AGE_UNITS.get(unit if isinstance(unit, str) else "", 0)
    if not per_unit:
        raise InputError(_("Choose days, weeks or months."), field="unit")
    days = round(number * per_unit)
    if number < 0 or days > MAX_AGE_DAYS:
        raise InputError(
            "tremorwatch is for babies and toddlers up to 3 years (36 months).", field="age"
        )
    return days


@router.post("/check", response_class=HTMLResponse)
async def answer(request: Request, session: DbSession, actor: MaybeActor) -> Response:
    """Record one answer and show the next screen (or the answer)."""
    form = await read_form(request)
    state = InterviewState.loads(str(form.get("state") or ""))
    if state.infant_id and actor is None:
        state.infant_id = None
    if "back" in form:
        state = state.undo()
        return _show_step(request, session, actor, state, next_step(state, _triage))
    asked_field = str(form.get("field") or "")
    finish = "finish" in form
    if asked_field == AGE_FIELD:
        try:
            age = _parse_age(form)
        except InputError as exc:
            return _show_step(
                request,
                session,
                actor,
                state,
                Step(ask_age=True),
                error=exc.message,
                values=[str(form.get("age") or ""), str(form.get("unit") or "")],
            )
        state = state.record(AGE_FIELD, state.with_age(age))
    elif asked_field and not finish:
        question = question_for(asked_field)
        try:
            value = _parse_answer(question, form)
            partial = question.apply(state.partial, value)
        except (InputError, ValueError) as exc:
            message = (
                exc.message
                if isinstance(exc, InputError)
                else _("Choose one of the listed answers.")
            )
            kept = [v for v in form.getlist("answer") if isinstance(v, str)]
            return _show_step(
                request, session, actor, state, Step(question=question), error=message, values=kept
            )
        state = state.record(question.field, partial)
    return _show_step(request, session, actor, state, next_step(state, _triage, finish=finish))
