"""The schema of a knowledge page: structured text (no HTML), with sources and related topics.

A page is data, not code: ``pages/<kind>s/<id>.yaml``. The loader validates every page against
:class:`Page` when it is read; the web app and the CLI render the same structure.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: Topic ids: lower-case words joined by underscores (cause and disposition codes are ids).
TOPIC_ID_PATTERN: Final = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
_MARKUP: Final = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>|&[a-z]+;")


class PageKind(StrEnum):
    """What a page is about; the CLI and the web app group pages by kind in this order."""

    DISPOSITION = "disposition"
    SIGN = "sign"
    GUIDE = "guide"
    TEST = "test"
    CAUSE = "cause"


#: Section headings every page of a kind must have, in this order (other sections may follow).
REQUIRED_HEADINGS: Final[dict[PageKind, tuple[str, ...]]] = {
    PageKind.CAUSE: (
        "What it is",
        "What makes it more likely",
        "What makes it less likely",
        "What the doctor will do",
        "Usual outlook",
        "When to get help",
    ),
    PageKind.DISPOSITION: (
        "What it means",
        "What to do now",
        "What to bring",
        "Safety-net advice",
    ),
}


def _plain(text: str, where: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValueError(f"{where} must not be empty")
    if _MARKUP.search(cleaned):
        raise ValueError(f"{where} must be plain text, not HTML: {cleaned[:60]!r}")
    return cleaned


class Section(BaseModel):
    """One titled part of a page: paragraphs first, then bullet points."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()

    @field_validator("heading")
    @classmethod
    def _heading_plain(cls, value: str) -> str:
        return _plain(value, "heading")

    @field_validator("paragraphs", "bullets")
    @classmethod
    def _texts_plain(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_plain(v, "text") for v in values)

    @model_validator(mode="after")
    def _has_text(self) -> Section:
        if not self.paragraphs and not self.bullets:
            raise ValueError(f"section {self.heading!r} has neither paragraphs nor bullets")
        return self


class Page(BaseModel):
    """A caregiver-facing knowledge page.

    Attributes
    ----------
    id
        Topic id; for cause and disposition pages it is the spec code itself.
    kind
        cause, disposition, sign, test or guide.
    title, summary
        A heading and a two-to-three sentence answer that does not bury the point.
    sections
        Ordered sections (heading, paragraphs, bullets).
    sources
        Citation strings, at least one; pages are written from ``shared/clinical/evidence.md``.
    related
        Ids of related pages (checked to exist when the pages are loaded).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    kind: PageKind
    title: str
    summary: str
    sections: tuple[Section, ...] = Field(min_length=1)
    sources: tuple[str, ...] = Field(min_length=1)
    related: tuple[str, ...] = ()

    @field_validator("id")
    @classmethod
    def _id_format(cls, value: str) -> str:
        if not TOPIC_ID_PATTERN.match(value):
            raise ValueError("id must be lower-case words joined by '_' (e.g. 'gentle_hold_test')")
        return value

    @field_validator("title", "summary")
    @classmethod
    def _plain_text(cls, value: str) -> str:
        return _plain(value, "title/summary")

    @field_validator("sources")
    @classmethod
    def _sources_plain(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_plain(v, "source") for v in values)

    @field_validator("related")
    @classmethod
    def _related_ids(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if not TOPIC_ID_PATTERN.match(value):
                raise ValueError(f"related id {value!r} is not a topic id")
        if len(set(values)) != len(values):
            raise ValueError("related ids must not repeat")
        return values

    @model_validator(mode="after")
    def _required_sections(self) -> Page:
        if self.id in self.related:
            raise ValueError("a page must not list itself as related")
        required = REQUIRED_HEADINGS.get(self.kind, ())
        headings = [s.heading for s in self.sections]
        if list(headings[: len(required)]) != list(required):
            raise ValueError(
                f"a {self.kind} page must start with the sections {list(required)}; "
                f"found {headings[: len(required)]}"
            )
        return self

    def text_length(self) -> int:
        """Characters of body text (summary, paragraphs and bullets)."""
        body = [self.summary]
        for section in self.sections:
            body.extend(section.paragraphs)
            body.extend(section.bullets)
        return sum(len(t) for t in body)
