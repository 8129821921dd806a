"""A realistic synthetic family, so a newcomer sees the product at once (``tremorwatch demo``).

What :func:`create_demo_family` puts in the database (through the same services as the pages,
so every row is validated and every episode triaged by the engine):

* an owner account (the printed demo login) and a second caregiver who joined by invitation;
* a baby, Noa, 6 weeks old, born at 39 weeks;
* about two weeks of episodes of newborn jitteriness (legs, when crying or handled, stopping
  with a gentle hold), becoming less frequent, with a few notes and temperatures;
* a few short phone-like videos made by the synthetic generator
  (:func:`tremorwatch.analysis.synthetic.write_synthetic_clip`: a 6 Hz leg tremor, a faster
  fine tremor and ordinary kicking), attached to episodes and analysed by the real background
  job;
* two stand-alone checks from the "Is this an emergency?" interview.

Everything is synthetic: no real person or baby. The random choices are seeded, so two runs
give the same diary (shifted to end today).
"""

from __future__ import annotations

import random
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, Final

from tremorwatch.errors import Conflict, JobError
from tremorwatch.services import accounts, assessments, episodes, families, infants, recordings
from tremorwatch.services.runtime import Runtime
from tremorwatch.storage.repositories import accounts as accounts_repo

DEMO_EMAIL: Final = "parent@demo.tremorwatch.example"
PARTNER_EMAIL: Final = "partner@demo.tremorwatch.example"
#: How long to wait for the background analysis of the demo videos, seconds.
ANALYSIS_TIMEOUT_S: Final = 600.0

#: The demo videos: (pattern, frequency in Hz, what the caregiver saw).
DEMO_CLIPS: Final = (
    ("tremor", 6.0, "Both legs trembled while she cried before a feed."),
    ("kicking", None, "Kicking and stretching after her bath; looked different from the jitters."),
    ("tremor", 8.0, "Fine fast shaking of the left leg when she startled at the door bell."),
)

Progress = Callable[[str], None]


@dataclass
class DemoSummary:
    """What was created, and how to log in."""

    email: str
    password: str
    partner_email: str
    partner_password: str
    infant_id: str
    infant_name: str
    episodes: int
    checks: int
    recordings: dict[str, str] = field(default_factory=dict)  # id -> final status

    def as_dict(self) -> dict[str, Any]:
        return {
            "login": {"email": self.email, "password": self.password},
            "second_caregiver": {"email": self.partner_email, "password": self.partner_password},
            "infant": {"id": self.infant_id, "name": self.infant_name},
            "episodes": self.episodes,
            "checks": self.checks,
            "recordings": self.recordings,
        }


def _episode_plan(rng: random.Random, today: date, days: int) -> list[dict[str, Any]]:
    """Jitter episodes over ``days`` days, 3-5 a day at first and fewer later (UTC times)."""
    plan: list[dict[str, Any]] = []
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        per_day = max(0, round(4 - 2.5 * (days - offset) / days + rng.uniform(-1, 1)))
        for _ in range(per_day):
            at = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
                minutes=rng.randrange(6 * 60, 23 * 60)
            )
            legs = rng.choice([["left_leg", "right_leg"], ["left_leg"], ["right_leg"]])
            states = rng.choice(
                [
                    ["crying_or_upset"],
                    ["crying_or_upset", "hungry"],
                    ["handling_or_noise"],
                    ["cold_or_undressed"],
                    ["crying_or_upset", "handling_or_noise"],
                ]
            )
            entry: dict[str, Any] = {
                "started_at": at,
                "duration_s": float(rng.choice([4, 6, 8, 10, 12, 15, 20])),
                "body_parts": legs,
                "states": states,
                "stops_with_gentle_hold": "yes",
                "rhythmic": "yes",
                "responsive": "yes",
                "triggers": rng.choice(
                    ["", "", "nappy change", "loud noise", "hungry, before a feed"]
                ),
            }
            if rng.random() < 0.2:
                entry["temperature_c"] = round(rng.uniform(36.7, 37.3), 1)
                entry["temperature_site"] = "axillary"
            plan.append(entry)
    return plan


def _chunks(handle: BinaryIO, size: int = 1 << 20) -> Iterator[bytes]:
    while chunk := handle.read(size):
        yield chunk


def _ensure_new(runtime: Runtime, email: str) -> None:
    with runtime.session() as session:
        if accounts_repo.user_by_email(session, email.lower()) is not None:
            raise Conflict(
                f"A demo account {email} already exists in this database. Log in with the "
                "password printed when it was made, or run the demo on an empty data folder "
                "(TREMORWATCH_DATA_DIR) or with another --email.",
                field="email",
            )


def _wait_for_analyses(runtime: Runtime, ids: list[str], timeout_s: float) -> dict[str, str]:
    from tremorwatch.storage.repositories import diary as repo

    deadline = time.monotonic() + timeout_s
    statuses: dict[str, str] = {}
    while time.monotonic() < deadline:
        with runtime.session() as session:
            statuses = {
                rid: row.status
                for rid in ids
                if (row := repo.recording_for_job(session, rid)) is not None
            }
        if all(s in {"done", "failed"} for s in statuses.values()):
            return statuses
        time.sleep(0.5)
    raise JobError(
        f"The demo videos were not analysed within {timeout_s:.0f} s; they stay queued and "
        "`tremorwatch serve` will finish them."
    )


def create_demo_family(
    runtime: Runtime,
    *,
    email: str = DEMO_EMAIL,
    password: str | None = None,
    days: int = 14,
    videos: int = len(DEMO_CLIPS),
    seed: int = 2026,
    wait_for_analysis: bool = True,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill the runtime's (migrated) database with the demo family; see the module docstring.

    The videos are analysed by the runtime's job queue: start its worker first
    (``runtime.start_embedded_worker()``) when ``wait_for_analysis`` is true.

    Raises
    ------
    Conflict
        The demo account already exists.
    JobError
        The videos were not analysed within :data:`ANALYSIS_TIMEOUT_S`.
    """
    say = progress or (lambda _message: None)
    rng = random.Random(seed)
    password = password or secrets.token_urlsafe(9)
    partner_password = secrets.token_urlsafe(9)
    partner_email = PARTNER_EMAIL if email == DEMO_EMAIL else "partner." + email
    _ensure_new(runtime, email)
    today = datetime.now(UTC).date()
    with runtime.session() as session:
        say("Creating the demo accounts")
        owner = accounts.sign_up(
            session,
            {
                "email": email,
                "password": password,
                "display_name": "Sam",
                "family_name": "Demo family",
            },
        )
        invitation = families.invite(session, owner, {"role": "caregiver"})
        accounts.sign_up(
            session,
            {
                "email": partner_email,
                "password": partner_password,
                "display_name": "Alex",
                "invitation": invitation.token,
            },
        )
        baby = infants.add_infant(
            session,
            owner,
            {
                "name": "Noa",
                "date_of_birth": today - timedelta(days=42),
                "gestational_age_weeks": 39,
                "birth_weight_g": 3350,
                "sex": "female",
                "vitamin_k_at_birth": "yes",
                "history": [],
            },
        )
        say(f"Logging {days} days of episodes")
        logged = [
            episodes.log_episode(session, owner, baby.id, entry)
            for entry in _episode_plan(rng, today, days)
        ]
        say("Saving two checks from the interview")
        checks: list[dict[str, Any]] = [
            {
                "episode": {
                    "happening_now": "no",
                    "stops_with_gentle_hold": "yes",
                    "provoked_by_stimulus": "yes",
                    "body_parts": ["left_leg", "right_leg"],
                    "states": ["crying_or_upset", "handling_or_noise"],
                    "longest_duration_s": 15,
                    "typical_duration_s": 8,
                    "trend": "improving",
                    "rhythmic": "yes",
                    "speed": "fast_fine",
                    "comes_in_clusters": "no",
                    "one_side_only": "no",
                    "only_in_sleep": "no",
                    "first_noticed_days_ago": days,
                },
                "findings": [],
                "vitals": {
                    "temperature_c": 37.0,
                    "temperature_site": "axillary",
                    "wet_diapers_24h": 7,
                },
            },
            {
                "episode": {
                    "happening_now": "no",
                    "stops_with_gentle_hold": "unsure",
                    "body_parts": ["left_leg"],
                    "trend": "improving",
                },
                "findings": [],
            },
        ]
        for answers in checks:
            assessments.save_assessment(session, owner, baby.id, answers)
        recording_ids: list[str] = []
        clips = DEMO_CLIPS[: max(0, min(videos, len(DEMO_CLIPS)))]
        if clips:
            from tremorwatch.analysis.synthetic import write_synthetic_clip

            targets = sorted(logged, key=lambda e: e.episode.started_at)[-len(clips) :]
            with tempfile.TemporaryDirectory(prefix="tw-demo-") as folder:
                for number, ((pattern, frequency, note), target) in enumerate(
                    zip(clips, targets, strict=True), start=1
                ):
                    say(f"Making demo video {number} of {len(clips)} ({pattern})")
                    path = Path(folder) / f"noa-{number}.mp4"
                    write_synthetic_clip(
                        path,
                        pattern=pattern,  # type: ignore[arg-type]
                        frequency_hz=frequency,
                        duration_s=8.0,
                        camera_shake_hz=9.0 if number == 1 else None,
                        seed=seed + number,
                    )
                    episodes.update_episode(session, owner, target.episode.id, {"notes": note})
                    with path.open("rb") as handle:
                        info = recordings.add_recording(
                            session,
                            owner,
                            target.episode.id,
                            _chunks(handle),
                            f"noa-{number}.mp4",
                            runtime=runtime,
                        )
                    recording_ids.append(info.id)
    statuses = {rid: "queued" for rid in recording_ids}
    if recording_ids and wait_for_analysis:
        say("Analysing the videos in the background worker")
        statuses = _wait_for_analyses(runtime, recording_ids, ANALYSIS_TIMEOUT_S)
    return DemoSummary(
        email=email,
        password=password,
        partner_email=partner_email,
        partner_password=partner_password,
        infant_id=baby.id,
        infant_name=baby.name,
        episodes=len(logged),
        checks=len(checks),
        recordings=statuses,
    )
