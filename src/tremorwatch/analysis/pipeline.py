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
    frequency_band,
    measure_episode,
    measure_rhythm,
    measure_window_rhythm,
)
from tremorwatch.analysis.kinds import (
    RHYTHM_WINDOW_CYCLES,
    SAME_RHYTHM_RATIO,
    WINDOW_S,
    split_by_kind,
)
from tremorwatch.analysis.segment import (
    Span,
    find_active_spans,
    moving_rms,
    refine_outer_edges,
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
#: Step (s) by which the edges of a rhythmic piece are tried inwards, and the gain in
#: rhythmicity a move must bring (see :func:`_tighten_rhythms`).
TIGHTEN_STEP_S = 0.25
TIGHTEN_GAIN = 0.03
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
    slow_rhythms
        Judge a slow rhythm over windows that hold :data:`~tremorwatch.analysis.kinds.
        RHYTHM_WINDOW_CYCLES` of its cycles, and at half the dominant frequency when the
        spectrum is as strong there (see :func:`rhythm_window` and ``fundamental`` of
        :func:`~tremorwatch.analysis.features.measure_episode`). Off for the accelerometer,
        where a carer's rocking at 0.7-1 Hz is not yet told from slow clonic jerks (longer
        windows would make it read as rhythmic more often).
    """

    activity: Signal
    threshold: float
    traces: TraceSource
    overview: Signal
    amplitude_unit: Literal["px", "m/s2"]
    slow_rhythms: bool = False


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


def _measure(
    measurement: MotionMeasurement, span: Span, *, fs_hz: float
) -> tuple[EpisodeTrace, EpisodeFeatures]:
    trace = measurement.traces.trace(span)
    slow = measurement.slow_rhythms
    features = measure_episode(
        trace.displacement,
        fs_hz=fs_hz,
        amplitude_trace=trace.amplitude_trace,
        is_velocity=trace.is_velocity,
        fundamental=slow,
    )
    rhythmicity = max(
        features.rhythmicity, _drifting_rhythmicity(trace, features, fs_hz=fs_hz, slow=slow)
    )
    scale = trace.amplitude_scale if trace.amplitude_trace is None else 1.0
    features = EpisodeFeatures(
        features.frequency_hz, rhythmicity, features.asymmetry, features.amplitude * scale
    )
    return trace, features


def _drifting_rhythmicity(
    trace: EpisodeTrace, features: EpisodeFeatures, *, fs_hz: float, slow: bool = False
) -> float:
    """The median rhythmicity of an episode's half-overlapping windows, when every window
    finds the episode's rhythm (0 otherwise).

    Principle: a rhythm that slows as it goes (clonic jerks slow down towards the end of a
    seizure, 2.9 to 2.5 Hz in six seconds) is still a rhythm; measured whole it repeats
    less well at one period, so it is also judged window by window, where each stretch
    repeats at its own period. With ``slow``, a window holds at least
    :data:`~tremorwatch.analysis.kinds.RHYTHM_WINDOW_CYCLES` cycles of the episode's rhythm
    (see :func:`rhythm_window`).
    """
    if features.frequency_hz is None:
        return 0.0
    window = round(WINDOW_S * fs_hz)
    if slow:
        window = max(window, round(RHYTHM_WINDOW_CYCLES / features.frequency_hz * fs_hz))
    samples = trace.displacement
    if samples.size < 2 * window:
        return 0.0
    step = window // 2
    measured = [
        measure_window_rhythm(
            samples[begin : begin + window],
            fs_hz=fs_hz,
            is_velocity=trace.is_velocity,
            fundamental=slow,
        )
        for begin in range(0, samples.size - window + 1, step)
    ]
    frequencies = [f for f, _ in measured]
    if any(f is None for f in frequencies):
        return 0.0
    known = [*(f for f in frequencies if f is not None), features.frequency_hz]
    if max(known) / min(known) > SAME_RHYTHM_RATIO:
        return 0.0  # the windows disagree: not one rhythm
    return float(np.median([r for _, r in measured]))


def _same_kind(a: EpisodeFeatures, b: EpisodeFeatures) -> bool:
    """Two measured pieces read as the same kind: both irregular, or the same rhythm."""
    pattern_a, pattern_b = classify(a), classify(b)
    if pattern_a != pattern_b:
        return False
    if pattern_a not in (MotionPattern.TREMOR, MotionPattern.CLONIC):
        return True
    fa, fb = a.frequency_hz or 0.0, b.frequency_hz or 0.0
    return min(fa, fb) > 0 and max(fa, fb) / min(fa, fb) <= SAME_RHYTHM_RATIO


def _rhythmicity_of(measurement: MotionMeasurement, span: Span, *, fs_hz: float) -> float:
    trace = measurement.traces.trace(span)
    _, rhythmicity = measure_window_rhythm(
        trace.displacement,
        fs_hz=fs_hz,
        is_velocity=trace.is_velocity,
        fundamental=measurement.slow_rhythms,
    )
    return rhythmicity


def _tighten_rhythms(
    measurement: MotionMeasurement, pieces: list[Span], *, rhythmic: list[bool], fs_hz: float
) -> list[Span]:
    """Move the edges of each rhythmic piece inwards to where the piece is most rhythmic; what
    is cut off becomes a piece of its own.

    Principle: the windows that found a rhythm place its edges to within a window's length
    only (a rhythm that starts 1.4 s into a stretch is judged rhythmic from the first window
    on), and a second and a half of kicking left at its edge blurs a clonic series into
    ``irregular``; the edge is where the rhythm measured as a whole is strongest.
    """
    step = max(1, round(TIGHTEN_STEP_S * fs_hz))
    reach = round(WINDOW_S * fs_hz)
    shortest = round(2 * WINDOW_S * fs_hz)
    out: list[Span] = []
    for piece, is_rhythmic in zip(pieces, rhythmic, strict=True):
        if not is_rhythmic or piece.stop - piece.start < shortest + step:
            out.append(piece)
            continue
        start, stop = piece.start, piece.stop
        best = _rhythmicity_of(measurement, piece, fs_hz=fs_hz)
        for move_start in (True, False):
            chosen = start if move_start else stop
            for offset in range(step, reach + 1, step):
                candidate = Span(start + offset, stop) if move_start else Span(start, stop - offset)
                if candidate.stop - candidate.start < shortest:
                    break
                score = _rhythmicity_of(measurement, candidate, fs_hz=fs_hz)
                if score > best + TIGHTEN_GAIN:
                    best, chosen = score, candidate.start if move_start else candidate.stop
            if move_start:
                start = chosen
            else:
                stop = chosen
        if start > piece.start:
            out.append(Span(piece.start, start))
        out.append(Span(start, stop))
        if stop < piece.stop:
            out.append(Span(stop, piece.stop))
    return out


def rhythm_window(window: Span, stretch: Span, *, frequency_hz: float, fs_hz: float) -> Span:
    """``window`` widened about its centre to hold :data:`~tremorwatch.analysis.kinds.
    RHYTHM_WINDOW_CYCLES` cycles of ``frequency_hz``, kept inside ``stretch`` (unchanged when
    it holds them already).

    Principle: a rhythm is judged over a window that holds a fixed number of its cycles, not
    a fixed time: the 2.5 s window holds 2.5 cycles of a 1 Hz jerk but two of a 0.8 Hz one,
    too few to repeat (a 0.9 Hz clonic series scored 0.0 in 2.5 s windows and 0.86-0.91 in
    windows of three cycles). The spec's clonic band reaches down to 0.5 Hz
    (``shared/spec/motion-analysis-v1.md``; the evidence's typical rate is 1-3 jerks/s,
    ``shared/clinical/evidence.md`` 1.4, and a series slows as it ends).
    """
    length = window.stop - window.start
    needed = round(RHYTHM_WINDOW_CYCLES / frequency_hz * fs_hz)
    if needed <= length:
        return window
    needed = min(needed, stretch.stop - stretch.start)
    start = (window.start + window.stop) // 2 - needed // 2
    start = max(stretch.start, min(start, stretch.stop - needed))
    return Span(start, start + needed)


def _measured_pieces(
    measurement: MotionMeasurement, envelope: NDArray[np.float64], *, fs_hz: float
) -> list[tuple[Span, EpisodeTrace, EpisodeFeatures]]:
    """The episodes of a recording, measured: stretches of movement above the threshold, cut
    where the kind of movement changes, each piece's outer edges refined against its own
    level, and neighbouring pieces that still read as one kind joined again."""
    activity = measurement.activity
    spans = find_active_spans(envelope, fs_hz=fs_hz, threshold=measurement.threshold)
    if activity.valid is not None:
        spans = split_at_gaps(spans, activity.valid)
    band = frequency_band(fs_hz)

    slow = measurement.slow_rhythms

    def rhythm_of(window: Span) -> tuple[float | None, float]:
        trace = measurement.traces.trace(window)
        return measure_window_rhythm(
            trace.displacement, fs_hz=fs_hz, is_velocity=trace.is_velocity, fundamental=slow
        )

    measured: list[tuple[Span, EpisodeTrace, EpisodeFeatures]] = []
    for span in spans:

        def window_rhythm(window: Span, stretch: Span = span) -> tuple[float | None, float]:
            frequency, rhythmicity = rhythm_of(window)
            if not slow or frequency is None:
                return frequency, rhythmicity
            wider = rhythm_window(window, stretch, frequency_hz=frequency, fs_hz=fs_hz)
            return (frequency, rhythmicity) if wider == window else rhythm_of(wider)

        kinds = split_by_kind(span, fs_hz=fs_hz, band_hz=band, window_rhythm=window_rhythm)
        pieces = refine_outer_edges(
            envelope, [k.span for k in kinds], outer=span, threshold=measurement.threshold
        )
        pieces = _tighten_rhythms(
            measurement,
            pieces,
            rhythmic=[k.frequency_hz is not None for k in kinds],
            fs_hz=fs_hz,
        )
        joined: list[tuple[Span, EpisodeTrace, EpisodeFeatures]] = []
        for piece in pieces:
            if piece.stop - piece.start < MIN_EPISODE_S * fs_hz:
                continue
            trace, features = _measure(measurement, piece, fs_hz=fs_hz)
            if joined and joined[-1][0].stop == piece.start:
                previous = joined[-1]
                union = Span(previous[0].start, piece.stop)
                union_trace, union_features = _measure(measurement, union, fs_hz=fs_hz)
                # pieces of one kind cut apart by a few weaker windows: one episode again,
                # if the whole still reads as that kind
                if _same_kind(previous[2], features) or (
                    _same_kind(union_features, previous[2]) and _same_kind(union_features, features)
                ):
                    joined[-1] = (union, union_trace, union_features)
                    continue
            joined.append((piece, trace, features))
        measured.extend(joined)
    return measured


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
        for span, trace, features in _measured_pieces(measurement, envelope, fs_hz=fs_hz):
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
