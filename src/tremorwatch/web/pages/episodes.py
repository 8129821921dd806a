"""Log an episode (with a video), see it with its triage and analysis, edit and delete it."""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from tremorwatch.domain.codes import Answer, BodyPart, Finding, State, TemperatureSite
from tremorwatch.domain.diary import EpisodeEntry, InfantProfile, RecordingStatus
from tremorwatch.domain.locale import TemperatureUnit, celsius_to_fahrenheit, fahrenheit_to_celsius
from tremorwatch.errors import Conflict, InputError, NotFound
from tremorwatch.services import episodes, infants, recordings
from tremorwatch.services.context import Actor, Role
from tremorwatch.services.place import Place
from tremorwatch.web.pages._deps import (
    check_csrf_before_upload,
    db_session,
    read_form,
    require_actor,
    runtime_of,
)
from tremorwatch.web.pages._errors import PageRoute
from tremorwatch.web.pages._forms import FormState
from tremorwatch.web.pages._place import place_of
from tremorwatch.web.pages._render import render
from tremorwatch.web.pages._upload import read_upload_form

router = APIRouter(route_class=PageRoute, include_in_schema=False)

DbSession = Annotated[Session, Depends(db_session)]
SignedIn = Annotated[Actor, Depends(require_actor)]

_MULTI = ("body_parts", "states", "findings")


def _episode_data(form: FormState, place: Place) -> dict[str, Any]:
    """Check every field of the episode form; the service data (errors noted in ``form``).

    Times are wall-clock times in the family's time zone; the temperature is in the family's
    unit (°C or °F) and stored in °C.
    """
    started = form.datetime_local(
        "started_at", label="when it started", required=True, timezone=place.timezone
    )
    if started is not None and started > datetime.now(UTC) + timedelta(minutes=2):
        now = place.local(datetime.now(UTC))
        form.add_error(
            "started_at",
            f"The start cannot be in the future: it is now {now:%d %b %Y, %H:%M} "
            f"({place.timezone}).",
        )
    data: dict[str, Any] = {
        "started_at": started,
        "duration_s": form.number(
            "duration_s", label="how long it lasted", minimum=0, maximum=86_400, unit="seconds"
        ),
        "body_parts": form.choices("body_parts", BodyPart, label="the body parts"),
        "states": form.choices("states", State, label="what your baby was doing"),
        "triggers": form.text("triggers", label="what set it off", max_length=500),
        "stops_with_gentle_hold": form.choice(
            "stops_with_gentle_hold", Answer, label="the gentle-hold test"
        ),
        "rhythmic": form.choice("rhythmic", Answer, label="the rhythm"),
        "responsive": form.choice("responsive", Answer, label="how your baby reacted"),
        "findings": form.choices("findings", Finding, label="the other signs"),
        "temperature_c": _temperature_c(form, place),
        "temperature_site": form.choice(
            "temperature_site", TemperatureSite, label="where it was measured"
        ),
        "notes": form.text("notes", label="the notes", max_length=2000),
    }
    if data["temperature_site"] is not None and data["temperature_c"] is None and form.ok:
        data["temperature_site"] = None
    return data


def _temperature_c(form: FormState, place: Place) -> float | None:
    """The temperature field in the family's unit, as °C (rounded to 0.01 °C)."""
    if place.temperature_unit is TemperatureUnit.FAHRENHEIT:
        value_f = form.number(
            "temperature_c", label="the temperature", minimum=77, maximum=113, unit="°F"
        )
        return None if value_f is None else round(fahrenheit_to_celsius(value_f), 2)
    return form.number("temperature_c", label="the temperature", minimum=25, maximum=45, unit="°C")


def _form_of(episode: EpisodeEntry, place: Place) -> FormState:
    def text(value: float | None) -> str:
        return "" if value is None else f"{value:g}"

    def code(value: Any) -> str:
        return "" if value is None else str(value.value)

    return FormState(
        values={
            "started_at": place.local(episode.started_at).strftime("%Y-%m-%dT%H:%M"),
            "duration_s": text(episode.duration_s),
            "body_parts": [p.value for p in episode.body_parts],
            "states": [s.value for s in episode.states],
            "triggers": episode.triggers,
            "stops_with_gentle_hold": code(episode.stops_with_gentle_hold),
            "rhythmic": code(episode.rhythmic),
            "responsive": code(episode.responsive),
            "findings": [f.value for f in episode.findings],
            "temperature_c": text(_shown_temperature(episode.temperature_c, place)),
            "temperature_site": code(episode.temperature_site),
            "notes": episode.notes,
        }
    )


def _shown_temperature(value_c: float | None, place: Place) -> float | None:
    if value_c is None or place.temperature_unit is TemperatureUnit.CELSIUS:
        return value_c
    return round(celsius_to_fahrenheit(value_c), 1)


def _form_page(
    request: Request,
    infant: InfantProfile,
    form: FormState,
    *,
    episode: EpisodeEntry | None = None,
    status_code: int = 200,
) -> Response:
    csrf = getattr(request.state, "csrf_token", "")
    action = (
        f"/episodes/{episode.id}/edit"
        if episode
        else f"/babies/{infant.id}/episodes/new?csrf_token={csrf}"
    )
    return render(
        request,
        "episodes/form.html",
        {
            "nav": "diary",
            "infant": infant,
            "episode": episode,
            "form": form,
            "action": action,
            "max_upload_mb": runtime_of(request).settings.max_upload_mb,
        },
        status_code=status_code,
    )


@router.get("/babies/{infant_id}/episodes/new", response_class=HTMLResponse)
def new_episode_page(
    request: Request, infant_id: str, session: DbSession, actor: SignedIn
) -> Response:
    infant = infants.get_infant(session, actor, infant_id)
    now = place_of(request).local(datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M")
    return _form_page(request, infant, FormState(values={"started_at": now}))


@router.post("/babies/{infant_id}/episodes/new", response_class=HTMLResponse)
async def log_episode(
    request: Request, infant_id: str, session: DbSession, actor: SignedIn
) -> Response:
    """Save the episode (triage runs on it), then the video, which is queued for analysis."""
    await check_csrf_before_upload(request)
    infant = infants.get_infant(session, actor, infant_id)
    actor.require(Role.CAREGIVER)
    runtime = runtime_of(request)
    upload = await read_upload_form(request, runtime.files)
    form = FormState.from_form(upload.form_data(), multi=_MULTI)
    data = _episode_data(form, place_of(request))
    problem = _video_problem(upload)
    saved = None
    if form.ok:
        try:
            saved = episodes.log_episode(session, actor, infant.id, data)
        except InputError as exc:
            form.add_service_error(exc)
    if saved is None:
        if upload.stored is not None:
            runtime.files.delete(upload.stored.key)
            form.add_error(
                "video",
                "Your video was not saved yet: choose it again after fixing the answers above.",
            )
        elif problem is not None:
            form.add_error("video", _problem_message(problem, request))
        status = 413 if problem == "too_large" else 400
        return _form_page(request, infant, form, status_code=status)
    if upload.stored is not None:
        recordings.attach_recording(
            session, actor, saved.episode.id, upload.stored, upload.filename, runtime=runtime
        )
    # The episode is kept whatever happened to the video; its page says what went wrong.
    target = f"/episodes/{saved.episode.id}"
    if problem is not None:
        target += f"?video_problem={problem}#video-title"
    return RedirectResponse(target, status_code=303)


#: Why a chosen video was not kept, by code (shown on the episode's page after a redirect).
VIDEO_PROBLEMS = {
    "empty": "The video you chose was empty (0 bytes), so it was not saved. Your phone may "
    "still have been saving it, or the upload was cut off.",
    "too_large": "The video was larger than the {max_upload_mb} MB this service accepts, so it "
    "was not saved. Film a shorter clip (10 to 60 seconds is enough).",
    "unsupported_media_type": "The file you chose is not a video tremorwatch can read (MP4, "
    "MOV or WebM), so it was not saved.",
}


def _video_problem(upload: Any) -> str | None:
    """The code of what went wrong with the chosen video, or None (none chosen, or stored)."""
    if upload.file_error is not None:
        code = upload.file_error.code
        return code if code in VIDEO_PROBLEMS else "unsupported_media_type"
    if upload.stored is None and upload.filename:
        return "empty"
    return None


def _problem_message(code: str, request: Request) -> str:
    text = VIDEO_PROBLEMS.get(code, VIDEO_PROBLEMS["empty"])
    return text.format(max_upload_mb=runtime_of(request).settings.max_upload_mb)


def _show(
    request: Request,
    session: Session,
    actor: Actor,
    episode_id: str,
    *,
    upload_form: FormState | None = None,
    status_code: int = 200,
) -> Response:
    item = episodes.get_episode(session, actor, episode_id)
    infant = infants.get_infant(session, actor, item.episode.infant_id)
    pending = any(
        r.status in (RecordingStatus.QUEUED, RecordingStatus.RUNNING) for r in item.recordings
    )
    csrf = getattr(request.state, "csrf_token", "")
    return render(
        request,
        "episodes/show.html",
        {
            "nav": "diary",
            "infant": infant,
            "episode": item.episode,
            "triage": item.triage,
            "recordings": item.recordings,
            "pending": pending,
            "upload_form": upload_form,
            "upload_action": f"/episodes/{item.episode.id}/recordings?csrf_token={csrf}",
            "max_upload_mb": runtime_of(request).settings.max_upload_mb,
        },
        status_code=status_code,
    )


@router.get("/episodes/{episode_id}", response_class=HTMLResponse)
def show_episode(
    request: Request, episode_id: str, session: DbSession, actor: SignedIn, video_problem: str = ""
) -> Response:
    form = None
    if video_problem in VIDEO_PROBLEMS:
        form = FormState()
        form.add_error(
            "video",
            _problem_message(video_problem, request)
            + " The episode itself is saved. Choose the video again below.",
        )
    return _show(request, session, actor, episode_id, upload_form=form)


@router.get("/episodes/{episode_id}/edit", response_class=HTMLResponse)
def edit_episode_page(
    request: Request, episode_id: str, session: DbSession, actor: SignedIn
) -> Response:
    item = episodes.get_episode(session, actor, episode_id)
    infant = infants.get_infant(session, actor, item.episode.infant_id)
    return _form_page(
        request, infant, _form_of(item.episode, place_of(request)), episode=item.episode
    )


@router.post("/episodes/{episode_id}/edit", response_class=HTMLResponse)
async def edit_episode(
    request: Request, episode_id: str, session: DbSession, actor: SignedIn
) -> Response:
    item = episodes.get_episode(session, actor, episode_id)
    infant = infants.get_infant(session, actor, item.episode.infant_id)
    form = FormState.from_form(await read_form(request), multi=_MULTI)
    data = _episode_data(form, place_of(request))
    if form.ok:
        try:
            episodes.update_episode(session, actor, item.episode.id, data)
        except InputError as exc:
            form.add_service_error(exc)
        else:
            return RedirectResponse(f"/episodes/{item.episode.id}", status_code=303)
    return _form_page(request, infant, form, episode=item.episode, status_code=400)


@router.get("/episodes/{episode_id}/delete", response_class=HTMLResponse)
def delete_episode_page(
    request: Request, episode_id: str, session: DbSession, actor: SignedIn
) -> Response:
    item = episodes.get_episode(session, actor, episode_id)
    return render(
        request,
        "episodes/delete.html",
        {"nav": "diary", "episode": item.episode, "recordings": item.recordings},
    )


@router.post("/episodes/{episode_id}/delete")
async def delete_episode(
    request: Request, episode_id: str, session: DbSession, actor: SignedIn
) -> Response:
    await read_form(request)
    item = episodes.get_episode(session, actor, episode_id)
    episodes.delete_episode(session, actor, item.episode.id, files=runtime_of(request).files)
    return RedirectResponse(f"/babies/{item.episode.infant_id}", status_code=303)


@router.post("/episodes/{episode_id}/recordings", response_class=HTMLResponse)
async def upload_recording(
    request: Request, episode_id: str, session: DbSession, actor: SignedIn
) -> Response:
    await check_csrf_before_upload(request)
    recordings.check_can_upload(session, actor, episode_id)
    runtime = runtime_of(request)
    form = FormState()
    upload = await read_upload_form(request, runtime.files)
    problem = _video_problem(upload)
    if problem is not None:
        form.add_error("video", _problem_message(problem, request) + " Choose it again.")
        status = 413 if problem == "too_large" else 400
        return _show(request, session, actor, episode_id, upload_form=form, status_code=status)
    if upload.stored is None:
        form.add_error("video", "Choose a video to upload.")
        return _show(request, session, actor, episode_id, upload_form=form, status_code=400)
    recordings.attach_recording(
        session, actor, episode_id, upload.stored, upload.filename, runtime=runtime
    )
    return RedirectResponse(f"/episodes/{episode_id}", status_code=303)


@router.get("/recordings/{recording_id}/status")
def recording_status(recording_id: str, session: DbSession, actor: SignedIn) -> JSONResponse:
    """Status and progress for the polling script (JSON)."""
    rec = recordings.get_recording(session, actor, recording_id)
    return JSONResponse(
        {"id": rec.id, "status": rec.status.value, "progress": rec.progress, "error": rec.error},
        headers={"Cache-Control": "no-store"},
    )


@router.post("/recordings/{recording_id}/retry")
async def retry_recording(
    request: Request, recording_id: str, session: DbSession, actor: SignedIn
) -> Response:
    await read_form(request)
    rec = recordings.get_recording(session, actor, recording_id)
    with contextlib.suppress(Conflict):  # already queued again (a double click)
        recordings.retry_recording(session, actor, rec.id, runtime=runtime_of(request))
    return RedirectResponse(f"/episodes/{rec.episode_id}", status_code=303)


@router.get("/recordings/{recording_id}/video")
def recording_video(
    request: Request, recording_id: str, session: DbSession, actor: SignedIn
) -> Response:
    """The video itself, after the family check (never a public URL)."""
    info, chunks = recordings.open_recording(
        session, actor, recording_id, runtime_of(request).files
    )
    return StreamingResponse(
        chunks,
        media_type=info.content_type,
        headers={
            "Content-Length": str(info.size_bytes),
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _draw_plot(chunks: Iterator[bytes], suffix: str) -> bytes:
    """Analyse a copy of the video in a temporary folder and draw the detailed figure (PNG)."""
    from tremorwatch.services.analysis import analyse_recording_detail, plot_analysis

    with tempfile.TemporaryDirectory(prefix="tw-plot-") as folder:
        path = Path(folder) / f"recording{suffix}"
        with path.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
        detail = analyse_recording_detail(path)
        buffer = io.BytesIO()
        plot_analysis(detail, buffer, fmt="png")
        return buffer.getvalue()


@router.get("/recordings/{recording_id}/plot.png")
async def recording_plot(
    request: Request, recording_id: str, session: DbSession, actor: SignedIn
) -> Response:
    """The detailed movement figure, drawn on demand (nothing extra is kept on disk)."""
    info, chunks = recordings.open_recording(
        session, actor, recording_id, runtime_of(request).files
    )
    if info.status is not RecordingStatus.DONE:
        raise NotFound("The analysis of this video is not finished.")
    suffix = ".csv" if info.content_type == "text/csv" else ".mp4"
    png = await run_in_threadpool(_draw_plot, chunks, suffix)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, no-store"})
