"""``tremorwatch assess``: JSON and JSON Lines input, text and JSON output, and the interview."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tremorwatch.cli.assess import parse_age_days
from tremorwatch.cli.main import cli
from tremorwatch.domain.assessment import parse_assessment
from tremorwatch.domain.codes import Disposition
from tremorwatch.domain.triage import evaluate
from tremorwatch.domain.triage.questions import QUESTIONS, next_questions_for

WELL_JITTERY = {
    "schema": "tremorwatch.assessment/1",
    "infant": {
        "age_days": 21,
        "gestational_age_weeks": 39,
        "history": [],
        "vitamin_k_at_birth": "yes",
    },
    "episode": {
        "states": ["crying_or_upset"],
        "typical_duration_s": 8,
        "longest_duration_s": 20,
        "first_noticed_days_ago": 10,
        "stops_with_gentle_hold": "yes",
        "one_side_only": "no",
        "comes_in_clusters": "no",
        "happening_now": "no",
    },
    "findings": [],
}
BREATHING_PAUSE = {"infant": {"age_days": 40}, "findings": ["breathing_pause"]}


def run(args: list[str], stdin: str | None = None) -> Any:
    return CliRunner().invoke(cli, args, input=stdin)


def test_one_json_file_as_json(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(WELL_JITTERY), encoding="utf-8")
    result = run(["assess", "--input", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["schema"] == "tremorwatch.triage-result/1"
    assert body["disposition"] == "home_care"
    assert body["reasons"][0]["sources"]


def test_text_output_puts_the_answer_first_and_uses_the_configured_emergency_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tremorwatch.config import get_settings

    monkeypatch.setenv("TREMORWATCH_EMERGENCY_NUMBER", "112")
    get_settings.cache_clear()
    path = tmp_path / "a.json"
    path.write_text(json.dumps(BREATHING_PAUSE), encoding="utf-8")
    result = run(["assess", "--input", str(path)])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("EMERGENCY:")
    assert "Call 112 now." in result.stdout
    assert "\x1b[" not in result.stdout, "no colour codes when not a terminal"


def test_json_lines_from_stdin_one_result_per_line_and_bad_lines_named() -> None:
    lines = [
        json.dumps(WELL_JITTERY),
        "{not json",
        json.dumps(BREATHING_PAUSE),
        '{"infant": {"age_days": -3}}',
    ]
    result = run(["assess", "--input", "-", "--format", "json"], stdin="\n".join(lines) + "\n")
    assert result.exit_code == 2
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert out[0]["disposition"] == "home_care"
    assert out[1]["error"]["message"].startswith("line 2:")
    assert out[2]["disposition"] == "emergency"
    assert out[3]["error"]["field"] == "infant.age_days"
    assert "line 4:" in out[3]["error"]["message"]


def test_json_lines_all_good_exit_zero_text(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text(
        json.dumps(WELL_JITTERY) + "\n\n" + json.dumps(BREATHING_PAUSE) + "\n", encoding="utf-8"
    )
    result = run(["assess", "--input", str(path)])
    assert result.exit_code == 0, result.output
    assert "WATCH AT HOME" in result.stdout and "EMERGENCY" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"infant": {"age_days": 10}, "findings": ["sneezing"]}', "findings.0"),
        ('{"infant": {"age_days": 10}, "vitals": {"temperature_c": 60}}', "vitals.temperature_c"),
        ("{broken", "not valid JSON"),
    ],
)
def test_bad_single_input_is_a_clear_error_without_traceback(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = run(["assess", "--input", str(path)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = run(["assess", "--input", str(tmp_path / "nope.json")])
    assert result.exit_code == 2
    assert "No such file" in result.output


@pytest.mark.parametrize(
    ("text", "days"), [("10", 10), ("6w", 42), ("3 months", 91), ("2 days", 2)]
)
def test_parse_age(text: str, days: int) -> None:
    assert parse_age_days(text) == days


def _typed(question: Any, answer: Any) -> str:
    if question.kind == "yes_no_unsure":
        return str(answer)
    if question.kind == "number":
        return "" if answer is None else str(answer)
    if answer is None:
        return ""
    values = [c.value for c in question.choices]
    if question.kind in ("multi_choice", "findings"):
        return ",".join(str(values.index(a) + 1) for a in answer) or "0"
    return str(values.index(answer) + 1)


def _plan(age_days: int, answers: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The lines a parent types (with the same catalogue and stopping rule as the CLI: an
    emergency or home care ends it) and the questions asked; unlisted checklists are "none",
    unlisted yes/no questions "not sure", unlisted numbers skipped."""
    partial: dict[str, Any] = {"infant": {"age_days": age_days}}
    asked: list[str] = []
    typed = [str(age_days)]
    while evaluate(parse_assessment(partial)).disposition not in (
        Disposition.EMERGENCY,
        Disposition.HOME_CARE,
    ):
        pending = next_questions_for(partial, asked=asked)
        if not pending:
            break
        question = pending[0]
        answer = answers.get(question.field, [] if question.kind == "findings" else None)
        if question.kind == "yes_no_unsure" and answer is None:
            answer = "unsure"
        typed.append(_typed(question, answer))
        partial = question.apply(partial, answer)
        asked.append(question.field)
    return typed, asked


def test_interview_stops_at_an_emergency_and_says_what_to_do() -> None:
    typed, asked = _plan(10, {"findings:seizure_signs": ["lip_smacking_or_chewing"]})
    assert asked[-1] == "findings:seizure_signs"
    result = run(["assess"], stdin="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    assert "EMERGENCY" in result.output
    assert "Call 911 now." in result.output
    assert "Lip smacking or chewing movements" in result.output  # the checklist was shown
    later = [q for q in QUESTIONS if q.field not in asked and q.kind == "findings"]
    assert later and all(q.prompt not in result.output for q in later), "it stopped there"


def test_interview_with_reassuring_answers_ends_at_home_care() -> None:
    """The typed answers are planned with the same catalogue the CLI uses."""
    reassuring: dict[str, Any] = {
        "episode.stops_with_gentle_hold": "yes",
        "episode.happening_now": "no",
        "episode.one_side_only": "no",
        "episode.comes_in_clusters": "no",
        "episode.only_in_sleep": "no",
        "episode.provoked_by_stimulus": "yes",
        "infant.vitamin_k_at_birth": "yes",
        "infant.history": [],
        "infant.gestational_age_weeks": 39,
        "episode.states": ["crying_or_upset"],
        "episode.typical_duration_s": 8,
        "episode.longest_duration_s": 20,
        "episode.first_noticed_days_ago": 5,
    }
    typed, _ = _plan(20, reassuring)
    result = run(["assess"], stdin="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    assert "WATCH AT HOME: These sound like normal jitters." in result.output
    assert "How to check:" in result.output


def test_a_one_line_jsonl_file_gives_one_compact_result_line(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(BREATHING_PAUSE) + "\n", encoding="utf-8")
    result = run(["assess", "--input", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["disposition"] == "emergency"


def test_less_likely_causes_say_what_counts_against_them() -> None:
    """The eye sign supports a seizure and counts against jitters; the text must say which."""
    data = {"infant": {"age_days": 21}, "findings": ["eye_deviation_or_fixed_stare"]}
    result = run(["assess", "--input", "-"], json.dumps(data))
    assert "Seizure [likely: eyes turn to one side or stare fixed" in result.output
    assert "[less likely, because of: eyes turn to one side" in result.output


def test_next_questions_in_text_are_the_caregiver_prompts_not_field_paths() -> None:
    data = {"infant": {"age_days": 21}, "episode": {"body_parts": ["left_leg"]}}
    result = run(["assess", "--input", "-"], json.dumps(data))
    section = result.output.split("Questions that could change this answer:")[1]
    first = section.strip().splitlines()[0]
    assert first.startswith("  - ") or first.startswith("- ")
    assert "?" in first  # a question as the interview asks it
    assert "episode." not in section and "vitals." not in section and "findings:" not in section
