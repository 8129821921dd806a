"""How a reassured parent answers the interview, screen by screen (engine question fields).

Shared by the page tests (``tests/web/pages``) and the browser tests (``tests/browser``): with
these answers a well 2-week-old's newborn jitters are the only explanation (home care).
"""

from __future__ import annotations

from typing import Any

REASSURING: dict[str, Any] = {
    "episode.happening_now": "no",
    "episode.stops_with_gentle_hold": "yes",
    "vitals.temperature_c": "37.0",
    "episode.longest_duration_s": "10",
    "episode.comes_in_clusters": "no",
    "episode.one_side_only": "no",
    "infant.vitamin_k_at_birth": "yes",
    "infant.gestational_age_weeks": "39",
    "episode.only_in_sleep": "no",
    "episode.provoked_by_stimulus": "yes",
    "episode.rhythmic": "yes",
    "episode.speed": "fast_fine",
    "episode.typical_duration_s": "5",
    "episode.first_noticed_days_ago": "7",
    "episode.trend": "improving",
    "episode.states": ["crying_or_upset", "handling_or_noise"],
    "episode.body_parts": ["left_leg", "right_leg"],
    "vitals.wet_diapers_24h": "7",
}
