"""``tremorwatch.family-export/1``: a whole family's diary as one JSON document.

It holds everything needed to rebuild the family in an empty tremorwatch: the family name and
members (e-mail, name, role; never passwords or tokens), each baby with its episodes,
recordings (metadata, analysis and optionally the file itself, base64), saved triage runs and
milestone answers, all with their original ids and timestamps. Share links are not exported
(they are access grants, not diary data). :func:`parse_family_export` validates a document and
checks each embedded file against its SHA-256 and size. The JSON Schema of this version is
published as ``export/schemas/family-export-1.schema.json`` (a test keeps it equal to the model).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from datetime import datetime
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_serializer

from tremorwatch._checks import pydantic_error_to_input_error
from tremorwatch.domain.assessment import Assessment
from tremorwatch.domain.diary import (
    AssessmentRecord,
    EpisodeEntry,
    InfantProfile,
    MilestoneAnswer,
    RecordingInfo,
)
from tremorwatch.errors import InputError

FAMILY_EXPORT_SCHEMA: Final = "tremorwatch.family-export/1"


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class MemberExport(_Doc):
    email: str
    display_name: str
    role: Literal["owner", "caregiver", "viewer"]


class EpisodeExport(EpisodeEntry):
    """An episode with the e-mail of the caregiver who logged it (to relink on import)."""

    logged_by_email: str | None = None


class RecordingExport(RecordingInfo):
    """A recording with its kind, uploader and (optionally) its bytes in base64."""

    kind: str = "video"
    uploaded_by_email: str | None = None
    content_base64: str | None = Field(
        default=None, description="The file itself; absent when exported without videos."
    )

    def content(self) -> bytes | None:
        """The decoded file, checked against ``size_bytes`` and ``sha256``."""
        if self.content_base64 is None:
            return None
        try:
            data = base64.b64decode(self.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise InputError(
                f"Recording {self.id}: content_base64 is not valid base64.", field="content_base64"
            ) from None
        if len(data) != self.size_bytes or hashlib.sha256(data).hexdigest() != self.sha256:
            raise InputError(
                f"Recording {self.id} ({self.filename}): the embedded file does not match its "
                "size and SHA-256; the export file is damaged.",
                field="content_base64",
            )
        return data


class AssessmentExport(AssessmentRecord):
    """A saved triage run; the answers keep "not asked" apart from "asked, none" (unset fields
    are left out)."""

    created_by_email: str | None = None

    @field_serializer("assessment")
    def _answers_as_given(self, value: Assessment) -> dict[str, Any]:
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)


class InfantExport(_Doc):
    profile: InfantProfile
    created_at: datetime | None = None
    episodes: list[EpisodeExport] = Field(default_factory=list)
    recordings: list[RecordingExport] = Field(default_factory=list)
    assessments: list[AssessmentExport] = Field(default_factory=list)
    milestone_answers: list[MilestoneAnswer] = Field(default_factory=list)


class FamilyExport(_Doc):
    """The whole document."""

    schema_: Literal["tremorwatch.family-export/1"] = Field(
        default=FAMILY_EXPORT_SCHEMA, alias="schema"
    )
    exported_at: datetime
    tremorwatch_version: str
    family_id: str
    family_name: str
    members: list[MemberExport] = Field(default_factory=list)
    infants: list[InfantExport] = Field(default_factory=list)
    includes_files: bool = False

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


def parse_family_export(data: str | bytes | dict[str, Any]) -> FamilyExport:
    """Validate a family export; InputError names the problem (and the schema expected)."""
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"The export file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
            ) from None
    if not isinstance(data, dict) or data.get("schema") != FAMILY_EXPORT_SCHEMA:
        got = data.get("schema") if isinstance(data, dict) else type(data).__name__
        raise InputError(
            f"This is not a tremorwatch family export (schema {FAMILY_EXPORT_SCHEMA!r} expected, "
            f"got {got!r}). Make one with: tremorwatch export INFANT --format json.",
            field="schema",
        )
    try:
        doc = FamilyExport.model_validate(data)
    except ValidationError as exc:
        raise pydantic_error_to_input_error(exc) from None
    for infant in doc.infants:
        episode_ids = {e.id for e in infant.episodes}
        for rec in infant.recordings:
            if rec.episode_id not in episode_ids:
                raise InputError(
                    f"Recording {rec.id} belongs to episode {rec.episode_id}, which is not in the "
                    "export.",
                    field="recordings",
                )
            rec.content()
    return doc
