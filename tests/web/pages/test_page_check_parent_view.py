"""What a parent sees in the interview: the age first, few screens for a benign case, and no
developer text (commands, field paths, Python reprs) on any screen.

Through the real app (TestClient, real SQLite), screen by screen as a parent answers. The
visible text is the page with its tags, scripts and hidden inputs removed.
"""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient
from page_helpers import REASSURING, answer_screen, field_of

#: Things that are for developers, never for a parent.
DEVELOPER_TEXT = [
    re.compile(r"\btremorwatch (assess|rules|analyze|learn)\b"),
    re.compile(r"\b(Disposition|Cause|Finding|Likelihood)\.[A-Z_]+\b"),
    re.compile(r"frozenset\(|\{'|'\}|\bNone\b(?! of these)|Traceback"),
    re.compile(r"\b(episode|infant|vitals|findings|motion)[.:][a-z_]+\b"),
    re.compile(r"\b(rule_id|differential\.yaml|baseline\.not_yet_reassured)\b"),
]
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1>|<input[^>]*>|<[^>]+>", re.S)


def visible_text(page: str) -> str:
    return html.unescape(_HIDDEN.sub(" ", page))


def developer_text(page: str) -> list[str]:
    text = visible_text(page)
    return [m.group(0) for pattern in DEVELOPER_TEXT for m in pattern.finditer(text)]


def walk(client: TestClient, answers: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Answer every screen (others skipped); the fields asked and every page seen."""
    response = client.get("/check")
    asked: list[str] = []
    pages = [response.text]
    for _ in range(60):
        assert response.status_code == 200, response.text[:300]
        question = field_of(response.text)
        if question is None:
            return asked, pages
        asked.append(question)
        response = answer_screen(client, response.text, answers.get(question))
        pages.append(response.text)
    raise AssertionError(f"no end after 60 screens: {asked}")


def test_the_age_is_asked_first(client: TestClient) -> None:
    assert field_of(client.get("/check").text) == "infant.age_days"


def test_a_benign_case_takes_few_screens_and_ends_at_home_care(client: TestClient) -> None:
    asked, pages = walk(client, REASSURING)
    assert asked[0] == "infant.age_days"
    assert "episode.stops_with_gentle_hold" in asked
    assert len(asked) == len(set(asked))
    # the age, the seven checklists (emergency signs first) and at most eight questions
    assert len(asked) <= 16, asked
    assert 'class="card result home_care"' in pages[-1]


def test_no_developer_text_reaches_parents(client: TestClient) -> None:
    cases = [
        REASSURING,
        {**REASSURING, "episode.stops_with_gentle_hold": None, "episode.only_in_sleep": None},
        {"infant.age_days": ("5", "months"), "episode.happening_now": "no"},
        {"infant.age_days": ("3", "days"), "episode.happening_now": "yes"},
    ]
    for answers in cases:
        _, pages = walk(client, answers)
        for page in pages:
            assert developer_text(page) == [], developer_text(page)
