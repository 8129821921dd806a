"""What the app actually shows is in the catalogue, in Spanish.

The catalogue test checks the extracted messages; this one checks the texts as the running code
produces them: the interview catalogue as loaded, every knowledge page and milestone, the page
labels, and the triage engine's answers for the whole vignette library (headline, reasons,
advice, causes and the phrases the engine builds from several texts, the questions that could
change the answer, the evaluation). A text that the engine builds in a new way, or a rule
rewritten without its translation, shows up here by name instead of reaching a parent in
English. Units and numbers that read the same in Spanish (``°C``, ``Hz``) are allowed.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tremorwatch.i18n import translate, use_language

SAME_IN_SPANISH = {"°C", "Hz", "g", "mmol/L", "Irregular", "No", "tremorwatch", "A4"}


def _spanish_gaps(texts: Iterator[tuple[str, str]]) -> list[str]:
    gaps = []
    with use_language("es"):
        for where, text in texts:
            if text and translate(text) == text and text not in SAME_IN_SPANISH:
                gaps.append(f"{where}: {text!r}")
    return sorted(set(gaps))


def test_interview_questions() -> None:
    from tremorwatch.domain.triage.questions import QUESTIONS

    def texts() -> Iterator[tuple[str, str]]:
        for q in QUESTIONS:
            for name in ("prompt", "help", "why", "short", "unit"):
                yield f"{q.field}.{name}", getattr(q, name) or ""
            for choice in q.choices:
                yield f"{q.field}[{choice.value}]", choice.label

    assert not _spanish_gaps(texts())


def test_knowledge_pages() -> None:
    from tremorwatch.domain.knowledge import load_pages

    def texts() -> Iterator[tuple[str, str]]:
        for page in load_pages().values():
            yield f"{page.id}.title", page.title
            yield f"{page.id}.summary", page.summary
            for section in page.sections:
                yield f"{page.id}.heading", section.heading
                for text in (*section.paragraphs, *section.bullets):
                    yield f"{page.id}.{section.heading}", text

    assert not _spanish_gaps(texts())


def test_milestones() -> None:
    from tremorwatch.domain.milestones.catalogue import MilestoneDomain, load_catalogue

    def texts() -> Iterator[tuple[str, str]]:
        for milestone in load_catalogue().all_milestones():
            yield milestone.id, milestone.text
        for domain in MilestoneDomain:
            yield domain.value, domain.label

    assert not _spanish_gaps(texts())


def test_page_labels() -> None:
    from tremorwatch.web.pages._labels import labels

    def texts(node: object, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, str):
            yield where, node
        elif isinstance(node, dict):
            for key, value in node.items():
                if key != "codes":  # finding codes, not text
                    yield from texts(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from texts(value, f"{where}[{i}]")

    assert not _spanish_gaps(texts(labels(), "labels"))


def _vignette_library() -> object:
    path = Path(__file__).resolve().parents[1] / "vignettes" / "vignette_library.py"
    spec = importlib.util.spec_from_file_location("i18n_vignette_library", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_triage_answers_for_every_vignette() -> None:
    from tremorwatch.domain.triage import evaluate

    library = _vignette_library()
    vignettes = library.library()  # type: ignore[attr-defined]
    assert len(vignettes) > 20

    def texts() -> Iterator[tuple[str, str]]:
        for vignette in vignettes:
            result = evaluate(vignette.assessment)
            yield f"{vignette.id}.headline", result.headline
            yield f"{vignette.id}.notice", result.notice or ""
            for reason in result.reasons:
                yield f"{vignette.id}.reason[{reason.rule_id}]", reason.text
            for item in (*result.advice, *result.suggested_evaluation):
                yield f"{vignette.id}.advice", item
            for cause in result.possible_causes:
                yield f"{vignette.id}.cause[{cause.id}]", cause.label
                for why in cause.why:
                    yield f"{vignette.id}.cause[{cause.id}].why", why
            for question in result.next_questions:
                yield f"{vignette.id}.next[{question.field}]", question.why

    gaps = _spanish_gaps(texts())
    assert not gaps, f"{len(gaps)} engine texts have no Spanish:\n" + "\n".join(gaps[:40])


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        (
            "not yet answered: whether it stops when the leg is gently held",
            "aún sin responder: si se detiene al sujetar suavemente la pierna",
        ),
        (
            "pauses in breathing, lips or face turn blue or grey",
            "pausas en la respiración, los labios o la cara se ponen azulados o grisáceos",
        ),
        (
            "minutes it has been going on at least 5 minutes",
            "minutos que lleva ocurriendo al menos 5 minutos",
        ),
        (
            "temperature at least 38 °C and under 45 °C",
            "temperatura al menos 38 °C y menos de 45 °C",
        ),
        # a data text with a slot that the code fills in ("Call {number} ...")
        (
            "Call 112 or go to the nearest emergency department now.",
            "Llame al 112 o vaya ahora al servicio de urgencias más cercano.",
        ),
    ],
)
def test_phrases_built_by_the_engine(english: str, spanish: str) -> None:
    """The engine's composed phrases (see tremorwatch.i18n.phrases) are translated part by part."""
    with use_language("es"):
        assert translate(english) == spanish
    assert translate(english) == english  # English stays as it is


def test_country_names() -> None:
    from tremorwatch.domain.locale import load_countries

    names = [(c.code, c.name) for c in load_countries().sorted_by_name()]
    assert len(names) >= 30
    gaps = _spanish_gaps(iter(names))
    allowed = {
        "Argentina",
        "Austria",
        "Australia",
        "Bulgaria",
        "China",
        "Estonia",
        "India",
        "Israel",
        "Malta",
        "Portugal",
        "Hong Kong",
    }  # the same in Spanish
    assert not [g for g in gaps if g.split(": ", 1)[1].strip("'") not in allowed]


def test_dates_with_spanish_day_and_month_names() -> None:
    from datetime import datetime

    from tremorwatch.i18n import strftime

    moment = datetime(2026, 12, 3, 7, 5)
    assert strftime(moment, "%a %d %b %Y, %H:%M") == "Thu 03 Dec 2026, 07:05"
    with use_language("es"):
        assert strftime(moment, "%a %d %b %Y, %H:%M") == "jue 03 dic 2026, 07:05"
        assert strftime(moment, "%A %d %B") == "jueves 03 diciembre"
