"""The episodes table as CSV (one row per episode; lists joined with ``;``).

Columns carry their unit in the name (``duration_s``, ``temperature_c``,
``dominant_frequency_hz``); times are ISO 8601 UTC. The frequency and pattern are those of the
episode's first analysed recording.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Final

from tremorwatch.domain.diary import EpisodeEntry, RecordingInfo, RecordingStatus

COLUMNS: Final = (
    "episode_id",
    "infant_id",
    "started_at",
    "duration_s",
    "body_parts",
    "states",
    "triggers",
    "stops_with_gentle_hold",
    "rhythmic",
    "responsive",
    "findings",
    "temperature_c",
    "temperature_site",
    "recordings",
    "dominant_frequency_hz",
    "pattern",
    "notes",
    "logged_by",
)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # keep spreadsheet programs from running formulas typed into notes
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def episodes_csv(
    episodes: Iterable[EpisodeEntry],
    recordings: Iterable[RecordingInfo] = (),
    *,
    timezone: str = "UTC",
) -> str:
    """The CSV text (header row first), episodes oldest first.

    ``started_at`` is ISO 8601 in ``timezone`` (the family's), with its UTC offset.
    """
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(timezone)
    recs: dict[str, list[RecordingInfo]] = {}
    for rec in sorted(recordings, key=lambda r: r.created_at):
        recs.setdefault(rec.episode_id, []).append(rec)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in sorted(episodes, key=lambda e: e.started_at):
        own = recs.get(e.id, [])
        done = [r.analysis for r in own if r.status is RecordingStatus.DONE and r.analysis]
        first = done[0] if done else None
        writer.writerow(
            [
                e.id,
                e.infant_id,
                e.started_at.astimezone(zone).isoformat(),
                "" if e.duration_s is None else f"{e.duration_s:g}",
                ";".join(b.value for b in e.body_parts),
                ";".join(s.value for s in e.states),
                _cell(e.triggers),
                e.stops_with_gentle_hold or "",
                e.rhythmic or "",
                e.responsive or "",
                ";".join(f.value for f in e.findings),
                "" if e.temperature_c is None else f"{e.temperature_c:g}",
                e.temperature_site or "",
                len(own),
                ""
                if first is None or first.dominant_frequency_hz is None
                else f"{first.dominant_frequency_hz:g}",
                first.pattern.value if first else "",
                _cell(e.notes),
                _cell(e.logged_by),
            ]
        )
    return out.getvalue()
