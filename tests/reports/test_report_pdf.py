"""The PDF: its text layer carries the diary's numbers; A4 and Letter; pages to PNG.

The PNG test writes ``test-artifacts/reports/report-page-N.png`` for a person to look at; it
checks the images exist and are page-sized, not what they look like.
"""

from __future__ import annotations

import io
import re
import shutil
import statistics
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

import clinician_diary as cd
from tremorwatch.reports.assemble import build_report
from tremorwatch.reports.render import render_html, render_pdf

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"
DAYS = 30


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    d = cd.make_diary(DAYS)
    return build_report(
        d.profile,
        episodes=d.episodes,
        recordings=d.recordings,
        assessments=d.assessments,
        milestone_answers=d.milestone_answers,
        date_from=cd.START,
        date_to=cd.START + timedelta(days=DAYS - 1),
    )


@pytest.fixture(scope="module")
def pdf_a4(report) -> bytes:  # type: ignore[no-untyped-def]
    return render_pdf(report, paper="a4")


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_pdf_text_layer_has_the_diary_numbers(pdf_a4: bytes) -> None:
    text = _text(pdf_a4)
    durations = [cd.duration_s(i) for i in range(DAYS)]
    freqs = [cd.frequency_hz(i) for i in range(0, DAYS, 3)]
    assert re.search(rf"Episodes logged\s+{DAYS}\b", text)
    assert f"median {statistics.median(durations):.1f} s, longest {max(durations):.1f} s" in text
    assert f"median {statistics.median(freqs):.2f} Hz" in text
    assert f"range {min(freqs):.2f}–{max(freqs):.2f} Hz; {len(freqs)} recordings" in text
    assert "Same day" in text and "A skill the baby had is lost" in text
    # every episode's start time is in the table, with its duration
    flat = re.sub(r"\s+", " ", text)
    for i in range(DAYS):
        start = cd.started_at(i).strftime("%Y-%m-%d %H:%M")
        assert re.search(rf"{start} {cd.duration_s(i):.1f}", flat), start
    for i in range(0, DAYS, 10):
        assert f"{cd.temperature_c(i):.1f}" in text
    # charts are vector with real text: the axis units are searchable
    for unit in [
        "Episodes per day (count)",
        "Episode duration (s)",
        "Dominant frequency (Hz)",
        "Temperature (°C)",
    ]:
        assert unit in text
    assert "tremor_after_3_months" in text and "2026.1" in text  # rules that fired, rule set
    assert "Zubler" in text


def test_paper_sizes(report, pdf_a4: bytes) -> None:  # type: ignore[no-untyped-def]
    a4 = PdfReader(io.BytesIO(pdf_a4)).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    letter = PdfReader(io.BytesIO(render_pdf(report, paper="letter"))).pages[0].mediabox
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)
    from tremorwatch.errors import InputError

    with pytest.raises(InputError, match="paper"):
        render_pdf(report, paper="a5")


def test_html_is_the_same_template_and_escapes_notes(report) -> None:  # type: ignore[no-untyped-def]
    evil = report.model_copy(
        update={
            "episodes": [report.episodes[0].model_copy(update={"notes": "<script>x()</script>"})]
        }
    )
    html = render_html(evil)
    assert "<script>x()</script>" not in html
    assert "&lt;script&gt;" in html
    assert "size: A4" in html and "<svg" in html
    links = {report.recordings[0].id: {"video": "/s/tok/recordings/r/video"}}
    assert 'href="/s/tok/recordings/r/video"' in render_html(report, links=links)


def test_pages_render_to_png_for_a_visual_check(pdf_a4: bytes, tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: install Debian's poppler-utils (.ci/run does)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("report-page-*.png"):
        old.unlink()
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf_a4)
    subprocess.run(
        [pdftoppm, "-r", "50", "-png", str(source), str(ARTIFACTS / "report-page")], check=True
    )
    pages = sorted(ARTIFACTS.glob("report-page-*.png"))
    assert len(pages) == len(PdfReader(io.BytesIO(pdf_a4)).pages)
    header = pages[0].read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert abs(width - 413) <= 1 and abs(height - 585) <= 1  # A4 at 50 dpi (rounding)


def test_a_report_with_nothing_logged_renders() -> None:
    """A baby with no episodes, recordings or triage: every section says so, no chart is missing."""
    d = cd.make_diary(0)
    empty = build_report(
        d.profile, episodes=[], date_from=cd.START, date_to=cd.START + timedelta(days=6)
    )
    text = _text(render_pdf(empty))
    assert re.search(r"Episodes logged\s+0\b", text)
    assert "No episodes logged in this period." in text
    assert "No recordings in this period." in text
    assert "no triage assessment in this period" in text
    assert "Episodes per day (count)" in text
