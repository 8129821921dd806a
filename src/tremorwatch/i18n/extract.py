"""A Babel extractor for the texts of the YAML data files (``babel.cfg`` maps it as ``yaml``).

Each message id is the English text with its white space collapsed (as the loaders clean it);
its comment names where it comes from (``#. questions[episode.happening_now].prompt``), so a
translator sees the context and a test can list untranslated texts by id. Which fields are text
depends on the file's ``kind`` (an option in ``babel.cfg``):

* ``triage``: ``notice``; a disposition's ``headline``/``now``/``record``/``safety_net``;
  ``advice``, ``evaluation``, ``causes``; a question's ``short``, ``prompt``, ``help``,
  ``why``, ``unit``, its choices' ``label`` and ``says``; a rule's ``reason``, ``headline``
  and its conditions' ``why``; the codes of an ``includes`` condition made readable
  (``awake calm``), as the engine shows them when the condition has no ``why``. Rule titles and sources are for clinicians and stay English.
* ``knowledge``: a page's ``title``, ``summary``, sections' ``heading``, ``paragraphs`` and
  ``bullets`` (``sources`` are citations and stay as written).
* ``milestones``: each milestone's ``text``.
* ``labels``: every text in the file but the finding codes of ``finding_groups``.
* ``countries``: each country's name (numbers and advice-line names stay as written).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Mapping
from typing import IO, Any, Final

import yaml

#: kind -> patterns of the paths whose strings are texts (``*`` one step, ``**`` any steps;
#: ``!`` first: not a text, e.g. the finding codes listed in labels.yaml; ``~`` first: a code
#: the engine shows made readable, ``awake_calm`` -> ``awake calm``).
TEXT_PATHS: Final[Mapping[str, tuple[str, ...]]] = {
    "triage": (
        "notice",
        "dispositions/*/headline",
        "dispositions/*/now/*",
        "dispositions/*/record/*",
        "dispositions/*/safety_net/*",
        "advice/*",
        "evaluation/*",
        "causes/*",
        "questions/*/short",
        "questions/*/prompt",
        "questions/*/help",
        "questions/*/why",
        "questions/*/unit",
        "questions/*/choices/*/label",
        "questions/*/says/*",
        "rules/*/reason",
        "rules/*/headline",
        "rules/*/when/**/why",
        "~rules/*/when/**/of/*",
        # wherever else the engine's data keeps conditions and texts (a rewritten engine's
        # files, e.g. differential.yaml: texts, age band labels, its features' conditions)
        "**/when/**/why",
        "~**/when/**/of/*",
        "**/reason",
        "**/headline",
        "texts/*",
        "age_bands/*/label",
        # the engine shows a rule's or a feature's title as the reason behind a likely cause
        "**/title",
    ),
    "knowledge": (
        "title",
        "summary",
        "sections/*/heading",
        "sections/*/paragraphs/*",
        "sections/*/bullets/*",
    ),
    "milestones": ("checkpoints/*/milestones/*/text",),
    "labels": ("**", "!finding_groups/*/codes/*"),
    "countries": ("countries/*/name",),
}
_ID_KEYS: Final = ("id", "field", "value", "age_months", "code")


def _matches(path: list[str], pattern: str) -> bool:
    parts = pattern.split("/")

    def walk(i: int, j: int) -> bool:
        if j == len(parts):
            return i == len(path)
        if parts[j] == "**":
            return any(walk(k, j + 1) for k in range(i, len(path) + 1))
        return i < len(path) and fnmatch.fnmatchcase(path[i], parts[j]) and walk(i + 1, j + 1)

    return walk(0, 0)


def _item_name(node: yaml.Node, index: int) -> str:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value in _ID_KEYS and isinstance(value, yaml.ScalarNode):
                return str(value.value)
    return str(index)


def texts(
    node: yaml.Node, patterns: tuple[str, ...], path: list[str] | None = None, where: str = ""
) -> Iterator[tuple[int, str, str]]:
    """``(line, text, id)`` of every text under ``node`` whose path matches ``patterns``."""
    path = path or []
    if isinstance(node, yaml.ScalarNode):
        text = " ".join(str(node.value).split())
        wanted = any(_matches(path, p) for p in patterns if p[0] not in "!~")
        unwanted = any(_matches(path, p[1:]) for p in patterns if p.startswith("!"))
        if any(_matches(path, p[1:]) for p in patterns if p.startswith("~")):
            wanted, text = True, text.replace("_", " ")
        if node.tag.endswith(":str") and text and wanted and not unwanted:
            yield node.start_mark.line + 1, text, where
        return
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value)
            yield from texts(value, patterns, [*path, name], f"{where}.{name}" if where else name)
        return
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            label = _item_name(item, index)
            yield from texts(item, patterns, [*path, "*"], f"{where}[{label}]")


def extract_yaml(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: dict[str, Any]
) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel's extractor interface: ``(line, funcname, message, comments)`` per text."""
    kind = options.get("kind", "")
    if kind not in TEXT_PATHS:
        raise ValueError(f"babel.cfg: kind must be one of {sorted(TEXT_PATHS)}; got {kind!r}")
    root = yaml.compose(fileobj.read().decode("utf-8"))
    if root is None:
        return
    prefix = ""
    if kind == "knowledge" and isinstance(root, yaml.MappingNode):
        prefix = next((str(v.value) for k, v in root.value if k.value == "id"), "")
    for line, text, where in texts(root, TEXT_PATHS[kind]):
        yield line, None, text, [f"{prefix}:{where}" if prefix else where]
