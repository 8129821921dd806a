"""How the differential reads on a result page: what counts against a less likely cause is said so."""

from __future__ import annotations

from tremorwatch.domain.triage_result import TriageResult
from tremorwatch.web.pages._render import templates

RESULT = TriageResult.model_validate(
    {
        "disposition": "routine",
        "headline": "Book a check-up.",
        "possible_causes": [
            {
                "id": "benign_sleep_myoclonus",
                "label": "Sleep jerks",
                "likelihood": "likely",
                "why": ["only in sleep"],
            },
            {
                "id": "seizure",
                "label": "Seizure",
                "likelihood": "less_likely",
                "why": ["stops when woken"],
            },
        ],
        "ruleset_version": "test",
    }
)


def test_less_likely_cause_names_what_counts_against_it() -> None:
    html = (
        templates()
        .env.get_template("_result.html")
        .render(result=RESULT, emergency_number="911", learn_ids=set())
    )
    assert "Likely: only in sleep" in html
    assert "Less likely, because of: stops when woken" in html
