"""The knowledge pages: coverage of every spec code, schema checks, lookup and loader errors.

Known answers: the spec (``shared/spec/assessment-v1.md``) lists 28 cause codes and 5
dispositions; each must have a page. The loader must refuse broken pages with a RuleSetError
naming the file. Not tested here: the clinical wording itself (reviewed against
``shared/clinical/evidence.md`` by people, not by tests).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tremorwatch.domain.codes import Cause, Disposition
from tremorwatch.domain.knowledge import (
    DEFAULT_PAGES_DIR,
    Page,
    PageKind,
    get_page,
    load_page_file,
    load_pages,
    pages_by_kind,
)
from tremorwatch.domain.knowledge.schema import REQUIRED_HEADINGS
from tremorwatch.errors import NotFound, RuleSetError

PAGES = load_pages()

#: Topic pages the brief asks for beyond causes and dispositions.
TOPIC_PAGES = {
    "warning_signs",
    "gentle_hold_test",
    "filming_an_episode",
    "keeping_a_diary",
    "at_the_doctors",
    "test_blood_glucose",
    "test_calcium",
    "test_magnesium",
    "test_electrolytes",
    "test_infection_workup",
    "test_eeg",
    "test_brain_imaging",
    "test_b12",
    "test_thyroid",
    "test_blood_lead",
    "test_bilirubin",
}


def test_spec_has_28_causes_and_5_dispositions() -> None:
    assert len(Cause) == 28
    assert len(Disposition) == 5


@pytest.mark.parametrize("cause", list(Cause), ids=str)
def test_every_cause_has_a_cause_page(cause: Cause) -> None:
    page = PAGES[cause.value]
    assert page.kind is PageKind.CAUSE
    headings = [s.heading for s in page.sections]
    assert headings[:6] == list(REQUIRED_HEADINGS[PageKind.CAUSE])


@pytest.mark.parametrize("disposition", list(Disposition), ids=str)
def test_every_disposition_has_a_page(disposition: Disposition) -> None:
    page = PAGES[disposition.value]
    assert page.kind is PageKind.DISPOSITION
    assert [s.heading for s in page.sections][:4] == list(REQUIRED_HEADINGS[PageKind.DISPOSITION])


def test_the_topic_pages_exist() -> None:
    missing = TOPIC_PAGES - set(PAGES)
    assert not missing, missing


def test_every_page_cites_a_source_and_related_ids_exist() -> None:
    for page in PAGES.values():
        assert page.sources, page.id
        assert all(len(s) > 10 for s in page.sources), page.id
        for related in page.related:
            assert related in PAGES, f"{page.id} -> {related}"


def test_ids_are_unique_and_match_file_names() -> None:
    files = sorted(DEFAULT_PAGES_DIR.glob("*/*.yaml"))
    assert len(files) == len(PAGES)
    assert {f.stem for f in files} == set(PAGES)


def test_pages_are_substantial_and_plain() -> None:
    for page in PAGES.values():
        assert 80 <= len(page.summary) <= 450, (page.id, len(page.summary))
        assert page.text_length() > 400, page.id
        for section in page.sections:
            for text in (*section.paragraphs, *section.bullets):
                assert "<" not in text and "&" not in text, (page.id, text)


def test_emergency_pages_say_what_to_do_first() -> None:
    """Decision support without burying the answer: the summary says to call for help."""
    assert "emergency" in PAGES["emergency"].summary.lower()
    assert "emergency" in PAGES["seizure"].summary.lower()
    assert "38.0" in PAGES["warning_signs"].summary


def test_kinds_are_grouped_in_display_order() -> None:
    grouped = pages_by_kind()
    assert list(grouped) == [k for k in PageKind if k in grouped]
    assert [p.id for p in grouped[PageKind.DISPOSITION]] == [d.value for d in Disposition]


def test_get_page_ignores_case_and_hyphens() -> None:
    assert get_page("Gentle-Hold-Test").id == "gentle_hold_test"
    assert get_page(" seizure ").id == "seizure"


@pytest.mark.parametrize(
    ("typo", "suggested"),
    [
        ("seizur", "seizure"),
        ("jitters", "physiological_jitteriness"),
        ("menengitis", "cns_infection"),
        ("hypoglycaemia", "hypoglycemia"),
    ],
)
def test_unknown_topic_suggests_close_matches(typo: str, suggested: str) -> None:
    with pytest.raises(NotFound, match=f"did you mean .*'{suggested}'") as info:
        get_page(typo)
    assert info.value.code == "not_found"
    assert "tremorwatch learn" in info.value.message


def test_unknown_topic_without_anything_close() -> None:
    with pytest.raises(NotFound) as info:
        get_page("xyzzy")
    assert "did you mean" not in info.value.message


# --- loader errors, on a temporary copy of the pages -------------------------------------


@pytest.fixture
def pages_copy(tmp_path: Path) -> Path:
    target = tmp_path / "pages"
    shutil.copytree(DEFAULT_PAGES_DIR, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_copy_loads_like_the_original(pages_copy: Path) -> None:
    assert load_pages(pages_copy) == PAGES


def test_loader_rejects_a_page_without_sources(pages_copy: Path) -> None:
    path = pages_copy / "causes" / "clonus.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sources"] = []
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"causes/clonus\.yaml: sources"):
        load_pages(pages_copy)


def test_loader_rejects_broken_yaml(pages_copy: Path) -> None:
    path = pages_copy / "guides" / "gentle_hold_test.yaml"
    path.write_text("id: gentle_hold_test\nkind: [guide\n", encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"guides/gentle_hold_test\.yaml: not valid YAML"):
        load_pages(pages_copy)


def test_loader_rejects_an_unknown_related_topic(pages_copy: Path) -> None:
    _edit(pages_copy / "causes" / "clonus.yaml", "related: [", "related: [cerebal_palsy, ")
    with pytest.raises(RuleSetError, match=r"clonus\.yaml: related topic 'cerebal_palsy'"):
        load_pages(pages_copy)


def test_loader_rejects_html(pages_copy: Path) -> None:
    _edit(pages_copy / "signs" / "warning_signs.yaml", "title: Warning", "title: <b>Warning</b>")
    with pytest.raises(RuleSetError, match=r"warning_signs\.yaml: title.*HTML"):
        load_pages(pages_copy)


def test_loader_rejects_a_missing_required_section(pages_copy: Path) -> None:
    _edit(pages_copy / "causes" / "sepsis.yaml", "heading: Usual outlook", "heading: Outlook")
    with pytest.raises(RuleSetError, match=r"sepsis\.yaml: .*must start with the sections"):
        load_pages(pages_copy)


def test_loader_rejects_a_cause_page_that_is_not_a_spec_code(pages_copy: Path) -> None:
    source = pages_copy / "causes" / "sepsis.yaml"
    target = pages_copy / "causes" / "septicaemia.yaml"
    target.write_text(source.read_text(encoding="utf-8").replace("id: sepsis", "id: septicaemia"))
    with pytest.raises(
        RuleSetError, match=r"septicaemia\.yaml: a cause page must be named by a spec code"
    ):
        load_pages(pages_copy)


def test_loader_rejects_a_file_name_that_differs_from_the_id(pages_copy: Path) -> None:
    (pages_copy / "guides" / "keeping_a_diary.yaml").rename(pages_copy / "guides" / "diary.yaml")
    with pytest.raises(RuleSetError, match=r"diary\.yaml: the file name must be the page id"):
        load_pages(pages_copy)


def test_loader_rejects_a_kind_in_the_wrong_folder(pages_copy: Path) -> None:
    (pages_copy / "guides" / "corrected_age.yaml").rename(
        pages_copy / "tests" / "corrected_age.yaml"
    )
    with pytest.raises(RuleSetError, match=r"corrected_age\.yaml: kind 'guide' does not match"):
        load_pages(pages_copy)


def test_loader_rejects_unknown_keys(pages_copy: Path) -> None:
    _edit(pages_copy / "causes" / "clonus.yaml", "kind: cause", "kind: cause\nauthor: me")
    with pytest.raises(RuleSetError, match=r"clonus\.yaml: author: Extra inputs are not permitted"):
        load_page_file(pages_copy / "causes" / "clonus.yaml", root=pages_copy)


def test_loader_rejects_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError, match="does not exist"):
        load_pages(tmp_path / "nowhere")


def test_page_model_refuses_a_section_without_text() -> None:
    with pytest.raises(ValueError, match="neither paragraphs nor bullets"):
        Page.model_validate(
            {
                "id": "x_topic",
                "kind": "guide",
                "title": "T",
                "summary": "S",
                "sections": [{"heading": "Empty"}],
                "sources": ["A source, 2020"],
            }
        )
