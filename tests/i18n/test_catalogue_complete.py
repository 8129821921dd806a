"""Every caregiver-facing message has its Spanish translation.

The English catalogue is extracted afresh from the sources with Babel and ``babel.cfg`` (code,
templates and the YAML data files: questions, rules, advice, knowledge pages, milestones,
labels), exactly as ``scripts/i18n`` does; the test fails, listing the file and the data id of
each message, when ``es/LC_MESSAGES/messages.po`` lacks one, has it fuzzy or empty, or changes
its placeholders (``%(number)s``, ``{number}``: a lost placeholder would lose the emergency
number). A new language is checked by adding it to ``LANGUAGES``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tremorwatch.i18n import DEFAULT_LANGUAGE, LANGUAGES, po_path

ROOT = Path(__file__).resolve().parents[2]
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def _extracted() -> dict[str | tuple[str, ...], list[str]]:
    """msgid -> where it comes from (``file:line`` and the data id, if any)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[str | tuple[str, ...], list[str]] = {}
    for filename, lineno, message, comments, _context in extract_from_dir(
        ROOT / "src",
        method_map,
        options_map,
        keywords={
            "_": None,
            "gettext": None,
            "ngettext": (1, 2),
            "pgettext": ((1, "c"), 2),
            "N_": None,
        },
        comment_tags=("Translators:",),
    ):
        where = f"{filename}:{lineno}" + (f" ({comments[0]})" if comments else "")
        found.setdefault(message, []).append(where)
    return found


EXTRACTED = _extracted()
TRANSLATED = [code for code in LANGUAGES if code != DEFAULT_LANGUAGE]


def test_extraction_finds_every_kind_of_text() -> None:
    """The extraction itself works: templates, code and each data file kind give messages."""
    wheres = " ".join(w for ws in EXTRACTED.values() for w in ws)
    for part in (
        "templates/base.html",
        "cli/assess.py",
        "triage/data/questions.yaml",
        "triage/data/texts.yaml",
        "triage/data/rules/emergency.yaml",
        "knowledge/pages/causes/seizure.yaml",
        "milestones/cdc_2022.yaml",
        "templates/labels.yaml",
    ):
        assert part in wheres, f"nothing extracted from {part}"
    assert "Is the shaking happening right now?" in EXTRACTED
    assert "Call emergency services or go to an emergency department now." in EXTRACTED


def test_every_template_compiles() -> None:
    """Babel skips a template it cannot parse without failing: make that a failure here."""
    from jinja2 import Environment, FileSystemLoader

    folders = [p for p in (ROOT / "src").rglob("templates") if p.is_dir()]
    env = Environment(loader=FileSystemLoader(folders), extensions=["jinja2.ext.i18n"])
    broken = []
    for folder in folders:
        for path in [*folder.rglob("*.html"), *folder.rglob("*.j2")]:
            try:
                env.parse(path.read_text(encoding="utf-8"))
            except Exception as exc:  # noqa: BLE001 - every kind of template error is listed
                broken.append(f"{path.relative_to(ROOT)}: {exc}")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_has_every_message(language: str) -> None:
    with po_path(language).open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    problems = []
    for msgid, wheres in EXTRACTED.items():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        entry = catalogue.get(key)
        strings = entry.string if entry is not None else ""
        strings = list(strings) if isinstance(strings, (tuple, list)) else [strings]
        if entry is None or entry.fuzzy or not all(strings):
            state = "missing" if entry is None else ("fuzzy" if entry.fuzzy else "empty")
            problems.append(f"{state}: {key!r} from {wheres[0]}")
            continue
        expected = sorted(
            set(_PLACEHOLDER.findall(" ".join(msgid if isinstance(msgid, tuple) else [msgid])))
        )
        for text in strings:
            if sorted(set(_PLACEHOLDER.findall(text))) != expected:
                problems.append(f"placeholders differ: {key!r} -> {text!r} ({wheres[0]})")
    assert not problems, (
        f"{len(problems)} message(s) of the {language} catalogue need work (run scripts/i18n, "
        "then translate):\n" + "\n".join(problems[:60])
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_emergency_number_placeholder_is_kept(language: str) -> None:
    """The banner and the emergency answer carry the instance's number in every language."""
    from tremorwatch.i18n import translations

    catalogue = translations(language)
    banner = catalogue.gettext(
        'Baby not breathing, blue, or not responding? Call <a href="tel:%(tel)s">'
        "%(number)s</a> now."
    )
    assert banner.count("%(number)s") == 1
    assert 'href="tel:%(tel)s"' in banner
    action = catalogue.gettext("Call {number} or go to the nearest emergency department now.")
    assert "{number}" in action
