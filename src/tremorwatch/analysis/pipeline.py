"""The spectral core shared by video and sensor analysis: activity -> episodes -> result.

Readers (``video``, ``imu``) turn a recording into a :class:`MotionMeasurement`: an activity
envelope for finding episodes, a noise-aware threshold, and a :class:`TraceSource` that gives
the 1-D movement trace of any stretch. :func:`analyse_measurement` does the rest and returns an
:class:`AnalysisDetail` whose ``result`` is the ``tremorwatch.motion-analysis/1`` object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np
from numpy.typing import NDArray

from tremorwatch.analysis.features import (
    EpisodeFeatures,
    classify,
    measure_episode,
    measure_rhythm,
)
from tremorwatch.analysis.segment import (
    Span,
    find_active_spans,
    moving_rms,
    refine_edges,
    split_at_gaps,
)
from tremorwatch.analysis.signal import Signal
from tremorwatch.domain.codes import MotionPattern
from tremorwatch.domain.motion import (
    PATTERN_PRIORITY,
    MotionAnalysis,
    MotionEpisode,
    Quality,
    QualityIssue,
    SourceInfo,
)

#: Window of the activity envelope (s): long enough to span a slow clonic cycle.
ENVELOPE_WINDOW_S = 0.5
#: Window and step of the frequency-over-time track (s).
TRACK_WINDOW_S = 2.0
#: Shortest episode reported (s).
MIN_EPISODE_S = 1.0
TRACK_STEP_S = 0.25
#: At most this many track points per episode (long episodes get a coarser step).
MAX_TRACK_POINTS = 720


@dataclass(frozen=True)
class EpisodeTrace:
    """The movement of one stretch, reduced to one axis.

    Attributes
    ----------
    displacement
        Displacement along the main axis of movement (analysis units), evenly sampled.
    amplitude_trace
        What the reported amplitude is measured on, in the reported unit, or ``None`` to use
        ``displacement`` scaled by ``amplitude_scale``.
    amplitude_scale
        Factor from ``displacement`` units to the reported unit (analysis px -> source px).
    at_border
        True when the movement is at the edge of the picture (the limb may be out of view).
    is_velocity
        ``displacement`` actually holds a velocity (sensors: acceleration integrated once).
    """

    displacement: NDArray[np.float64]
    amplitude_trace: NDArray[np.float64] | None = None
    amplitude_scale: float = 1.0
    at_border: bool = False
    is_velocity: bool = False


class TraceSource(Protocol):
    """Gives the movement trace of a stretch of samples."""

    def trace(self, span: Span) -> EpisodeTrace:
        """The trace of samples ``[span.start, span.stop)``."""
        ...


@dataclass(frozen=True)
class MotionMeasurement:
    """What a reader hands to the core.

    Attributes
    ----------
    activity
        Movement speed per sample (``px/s`` for video, ``m/s2`` for a sensor), ``(n,)``.
    threshold
        Envelope level above which movement counts as an episode, in the unit of ``activity``.
    traces
        Movement traces of stretches.
    overview
        A 1-D trace of the whole recording for plots (for example the displacement of the
        most active region), same rate as ``activity``.
    amplitude_unit
        Unit of reported amplitudes.
    """

    activity: Signal
    threshold: float
    traces: TraceSource
    overview: Signal
    amplitude_unit: Literal["px", "m/s2"]


@dataclass(frozen=True)
class FrequencyPoint:
    """One point of the frequency-over-time track (window centre, Hz, rhythmicity 0-1)."""

    time_s: float
    frequency_hz: float
    rhythmicity: float


@dataclass(frozen=True)
class AnalysisDetail:
    """The result and the time series behind it (for plots and reports).

    Attributes
    ----------
    result
        The ``tremorwatch.motion-analysis/1`` object.
    overview
        The motion signal of the whole recording (see :class:`MotionMeasurement`).
    envelope
        Smoothed activity (the quantity thresholded to find episodes).
    threshold
        The episode threshold, in the unit of ``envelope``.
    frequency_track
        Dominant frequency over time inside the episodes.
    """

    result: MotionAnalysis
    overview: Signal | None = None
    envelope: Signal | None = None
    threshold: float = 0.0
    frequency_track: list[FrequencyPoint] = field(default_factory=list)


def _frequency_track(
    trace: NDArray[np.float64], *, fs_hz: float, start_s: float
) -> list[FrequencyPoint]:
    window = round(TRACK_WINDOW_S * fs_hz)
    step = max(1, round(TRACK_STEP_S * fs_hz), (trace.size - window) // MAX_TRACK_POINTS)
    points: list[FrequencyPoint] = []
    if trace.size < window:
        return points
    for begin in range(0, trace.size - window + 1, step):
        frequency, rhythmicity = measure_rhythm(trace[begin : begin + window], fs_hz=fs_hz)
        if frequency is not None:
            centre = start_s + (begin + window / 2) / fs_hz
            points.append(FrequencyPoint(centre, frequency, rhythmicity))
    return points


def _episode(
    span: Span,
    features: EpisodeFeatures,
    *,
    fs_hz: float,
    start_s: float,
    unit: Literal["px", "m/s2"],
) -> MotionEpisode:
    pattern = classify(features)
    rhythmic = pattern in (MotionPattern.TREMOR, MotionPattern.CLONIC)
    begin, end = span.seconds(fs_hz, start_s=start_s)
    return MotionEpisode(
        start_s=round(begin, 2),
        end_s=round(end, 2),
        pattern=pattern,
        frequency_hz=round(features.frequency_hz, 2)
        if rhythmic and features.frequency_hz
        else None,
        amplitude=round(features.amplitude, 3 if unit == "m/s2" else 2),
        amplitude_unit=unit,
        rhythmicity=round(min(1.0, max(0.0, features.rhythmicity)), 2),
    )


def summarise(
    episodes: list[MotionEpisode], *, source: SourceInfo, quality: Quality
) -> MotionAnalysis:
    """Build the result: top-level pattern by priority, frequency of the longest rhythmic one."""
    present = {e.pattern for e in episodes}
    pattern = next((p for p in PATTERN_PRIORITY if p in present), MotionPattern.NONE)
    rhythmic = [e for e in episodes if e.frequency_hz is not None]
    dominant = max(rhythmic, key=lambda e: e.duration_s).frequency_hz if rhythmic else None
    return MotionAnalysis(
        source=source,
        quality=quality,
        episodes=episodes,
        dominant_frequency_hz=dominant,
        pattern=pattern,
    )


def analyse_measurement(
    measurement: MotionMeasurement,
    *,
    source: SourceInfo,
    issues: list[QualityIssue],
    usable: bool,
) -> AnalysisDetail:
    """Find episodes, measure and classify them, and build the result.

    When ``usable`` is false (a clip too dark, too short or shaken too much to judge) no
    episodes are reported: the result says *why* it cannot be judged instead of guessing.

    Returns
    -------
    AnalysisDetail
        ``result`` plus the envelope, threshold, overview and frequency track.
    """
    activity = measurement.activity
    fs_hz = activity.fs_hz
    speed = activity.samples.astype(np.float64)
    if activity.valid is not None:
        speed = np.where(activity.valid, speed, 0.0)
    envelope = moving_rms(speed, fs_hz=fs_hz, window_s=ENVELOPE_WINDOW_S)
    envelope_signal = Signal(envelope, fs_hz, activity.unit, activity.source, activity.start_s)
    found_issues = list(issues)
    episodes: list[MotionEpisode] = []
    track: list[FrequencyPoint] = []
    if usable:
        spans = find_active_spans(envelope, fs_hz=fs_hz, threshold=measurement.threshold)
        spans = refine_edges(envelope, spans, threshold=measurement.threshold)
        if activity.valid is not None:
            spans = split_at_gaps(spans, activity.valid)
        spans = [s for s in spans if s.stop - s.start >= MIN_EPISODE_S * fs_hz]
        for span in spans:
            trace = measurement.traces.trace(span)
            features = measure_episode(
                trace.displacement,
                fs_hz=fs_hz,
                amplitude_trace=trace.amplitude_trace,
                is_velocity=trace.is_velocity,
            )
            if trace.amplitude_trace is None:
                features = EpisodeFeatures(
                    features.frequency_hz,
                    features.rhythmicity,
                    features.asymmetry,
                    features.amplitude * trace.amplitude_scale,
                )
            episode = _episode(
                span,
                features,
                fs_hz=fs_hz,
                start_s=activity.start_s,
                unit=measurement.amplitude_unit,
            )
            episodes.append(episode)
            if episode.frequency_hz is not None:
                track.extend(
                    _frequency_track(
                        trace.displacement,
                        fs_hz=fs_hz,
                        start_s=activity.start_s + span.start / fs_hz,
                    )
                )
            if trace.at_border and QualityIssue.LIMB_OUT_OF_VIEW not in found_issues:
                found_issues.append(QualityIssue.LIMB_OUT_OF_VIEW)
    quality = Quality(usable=usable, issues=found_issues)
    result = summarise(episodes, source=source, quality=quality)
    return AnalysisDetail(
        result=result,
        overview=measurement.overview,
        envelope=envelope_signal,
        threshold=measurement.threshold,
        frequency_track=track,
    )
