"""``tremorwatch.motion-analysis/1``: the result of analysing a video or accelerometer file.

Follows ``shared/spec/motion-analysis-v1.md``. The analysis package produces it; storage keeps
it as JSON with the recording; the triage engine reads its summary (``dominant_frequency_hz``,
``pattern``) through :meth:`MotionAnalysis.summary`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from tremorwatch.domain.codes import MotionPattern

MOTION_SCHEMA: Final = "tremorwatch.motion-analysis/1"

#: Most concerning first: the top-level pattern is the first of these present.
PATTERN_PRIORITY: tuple[MotionPattern, ...] = (
    MotionPattern.CLONIC,
    MotionPattern.TREMOR,
    MotionPattern.IRREGULAR,
    MotionPattern.NONE,
)


class QualityIssue(StrEnum):
    """Why a recording may not be judged reliably."""

    TOO_SHORT = "too_short"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"
    LOW_FRAME_RATE = "low_frame_rate"
    CAMERA_SHAKE = "camera_shake"
    TOO_MUCH_CAMERA_MOVEMENT = "too_much_camera_movement"
    LIMB_OUT_OF_VIEW = "limb_out_of_view"
    NO_MOVEMENT = "no_movement"
    EXPOSURE_CHANGES = "exposure_changes"
    SIGNAL_GAPS = "signal_gaps"
    LOW_SAMPLE_RATE = "low_sample_rate"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")


class SourceInfo(_Frozen):
    """What was analysed."""

    kind: Literal["video", "accelerometer"]
    duration_s: float = Field(ge=0)
    fps: float | None = Field(default=None, description="Video frame rate (mean), frames/s.")
    width: int | None = Field(
        default=None, description="Displayed width in pixels, after rotation."
    )
    height: int | None = Field(default=None, description="Displayed height in pixels.")
    sample_rate_hz: float | None = Field(default=None, description="Accelerometer rate (addition).")


class Quality(_Frozen):
    usable: bool
    issues: list[QualityIssue] = Field(default_factory=list)


class MotionEpisode(_Frozen):
    """One stretch of limb movement."""

    start_s: float = Field(ge=0)
    end_s: float = Field(ge=0)
    pattern: MotionPattern
    frequency_hz: float | None = Field(default=None, description="Null unless rhythmic.")
    amplitude: float = Field(ge=0)
    amplitude_unit: Literal["px", "m/s2"]
    rhythmicity: float = Field(ge=0, le=1)

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


class MotionAnalysis(_Frozen):
    """The whole analysis result."""

    schema_: Literal["tremorwatch.motion-analysis/1"] = Field(default=MOTION_SCHEMA, alias="schema")
    source: SourceInfo
    quality: Quality
    episodes: list[MotionEpisode] = Field(default_factory=list)
    dominant_frequency_hz: float | None = None
    pattern: MotionPattern = MotionPattern.NONE

    def to_json_dict(self) -> dict[str, Any]:
        """The result as the wire JSON object."""
        return self.model_dump(mode="json", by_alias=True)

    def summary(self) -> dict[str, Any]:
        """The ``motion`` block of an assessment built from this result."""
        return {"dominant_frequency_hz": self.dominant_frequency_hz, "pattern": self.pattern.value}
