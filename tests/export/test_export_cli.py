"""The ``report``, ``export`` and ``import`` commands, run through the real CLI group."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import clinician_db
import clinician_diary as cd
from tremorwatch.cli.main import cli


@pytest.fixture
def seeded_cli(runtime, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from tremorwatch.config import get_settings

    monkeypatch.setenv("TREMORWATCH_DATABASE_URL", runtime.settings.database_url)
    get_settings.cache_clear()
    return clinician_db.seed(runtime, days=10)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_report_pdf_and_html(seeded_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.pdf"
    code, stdout, stderr = _run(
        "report",
        "Ada",
        "--from",
        "2026-01-05",
        "--to",
        "2026-01-14",
        "--out",
        str(out),
        "--paper",
        "letter",
    )
    assert code == 0, stderr
    assert "10 episodes" in stdout
    reader = PdfReader(out)
    assert round(float(reader.pages[0].mediabox.height)) == 792
    assert "Episodes logged 10" in reader.pages[0].extract_text()
    html = tmp_path / "report.html"
    assert (
        _run("report", "baby-1", "--from", "2026-01-05", "--to", "2026-01-06", "--out", str(html))[
            0
        ]
        == 0
    )
    assert "<svg" in html.read_text()


def test_export_formats(seeded_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, stdout, _ = _run("export", "Ada", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert len(rows) == 10
    assert [float(r["duration_s"]) for r in rows] == [cd.duration_s(i) for i in range(10)]
    assert rows[0]["dominant_frequency_hz"] == "5"
    code, stdout, _ = _run(
        "export", "baby-1", "--format", "fhir", "--from", "2026-01-05", "--to", "2026-01-06"
    )
    bundle = json.loads(stdout)
    assert bundle["type"] == "collection"
    tremors = [
        e
        for e in bundle["entry"]
        if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "26079004"
    ]
    assert len(tremors) == 2
    out = tmp_path / "family.json"
    assert _run("export", "Ada", "--format", "json", "--out", str(out))[0] == 0
    assert json.loads(out.read_text())["schema"] == "tremorwatch.family-export/1"
    # importing into the same instance is refused with a clear message (exit code of Conflict)
    code, _, stderr = _run("import", str(out))
    assert code == 9 and "already holds" in stderr


def test_fhir_export_links_videos_at_the_public_url(  # type: ignore[no-untyped-def]
    seeded_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tremorwatch.config import get_settings

    monkeypatch.setenv("TREMORWATCH_PUBLIC_URL", "https://clinic.example.org/tw/")
    get_settings.cache_clear()
    code, stdout, stderr = _run("export", "Ada", "--from", "2026-01-05", "--to", "2026-01-05")
    assert code == 0, stderr
    (media,) = [
        e["resource"]
        for e in json.loads(stdout)["entry"]
        if e["resource"]["resourceType"] == "Media"
    ]
    assert media["content"]["url"] == "https://clinic.example.org/tw/api/v1/recordings/" + (
        media["identifier"][0]["value"] + "/video"
    )
    monkeypatch.setenv("TREMORWATCH_PUBLIC_URL", "clinic.example.org")
    get_settings.cache_clear()
    code, _, stderr = _run("export", "Ada")
    assert code != 0 and "TREMORWATCH_PUBLIC_URL" in stderr


def test_unknown_baby_and_bad_options_are_clear_errors(seeded_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, stderr = _run("report", "Nobody", "--out", str(tmp_path / "r.pdf"))
    assert code == 2 and "No baby has the id or name 'Nobody'" in stderr
    code, _, stderr = _run("report", "Ada", "--out", str(tmp_path / "r.docx"))
    assert code == 2 and ".pdf or .html" in stderr
    code, _, stderr = _run("export", "Ada", "--format", "json", "--from", "2026-01-01")
    assert code == 2 and "whole family" in stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _, stderr = _run("import", str(bad))
    assert code == 2 and "not valid JSON" in stderr
