"""The clinician report in Spanish: the page's language, its headings and the engine's texts.

Known answers: the Spanish catalogue's texts. What stays as it is, by design: codes (rule ids,
dispositions in the data), numbers and units, and the names of the charts' axes (drawn by
matplotlib in English).
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

import clinician_diary as cd
from tremorwatch.i18n import use_language
from tremorwatch.reports.assemble import build_report
from tremorwatch.reports.render import render_html, render_pdf

DAYS = 14


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


def test_html_report_in_spanish(report) -> None:  # type: ignore[no-untyped-def]
    with use_language("es"):
        html = render_html(report)
    assert '<html lang="es">' in html
    assert "Diario de movimientos del lactante: informe para profesionales sanitarios" in html
    assert "<h2>Resumen</h2>" in html and "<h2>Historial de triaje</h2>" in html
    assert "Infant movement diary" not in html
    if report.triage:
        with use_language("es"):
            from tremorwatch.i18n import translate

            assert translate(report.triage[0].headline) in html
    english = render_html(report)
    assert '<html lang="en">' in english and "<h2>Summary</h2>" in english


def test_pdf_report_in_spanish(report) -> None:  # type: ignore[no-untyped-def]
    with use_language("es"):
        pdf = render_pdf(report, paper="a4")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Resumen" in text
    assert "Página 1 de" in text
