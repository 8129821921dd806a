"""Analyse a video file end to end: decode, flow, measure, core."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np

from tremorwatch.analysis.features import MIN_FREQUENCY_HZ
from tremorwatch.analysis.pipeline import (
    AnalysisDetail,
    TraceSource,
    analyse_measurement,
    summarise,
)
from tremorwatch.analysis.segment import Span
from tremorwatch.analysis.video.decode import VideoReader
from tremorwatch.analysis.video.flow import FlowTracker
from tremorwatch.analysis.video.measure import (
    SLOW_BAND_HZ,
    CellTraces,
    assess_quality,
    build_measurement,
)
from tremorwatch.analysis.video.prefetch import prefetch
from tremorwatch.domain.codes import MotionPattern
from tremorwatch.domain.motion import MotionEpisode, Quality, QualityIssue, SourceInfo

#: Episode threshold (analysis px/s) above which residual camera shake and compression noise
#: would hide a small tremor (1.5 px at 4 Hz measures about 12 px/s): with nothing rhythmic
#: found, the clip cannot be judged. Without shake the threshold is 7 px/s.
MAX_THRESHOLD_PX_S = 15.0
#: A high noise floor is blamed on the camera only when the frame's border moves too: its
#: residual motion (see :func:`~tremorwatch.analysis.video.measure.build_measurement`) is at
#: least this share of the floor. Principle: a camera movement moves the whole frame, borders
#: included, whereas an infant's two legs kicking widely on a tripod leave the borders still
#: (hand-held shake of 2.5-3.5 px: border 4.8-5.6 px/s for a floor of 16-18 px/s; a tripod
#: clip of large bilateral jerks: border 0.7 px/s for a floor of 12.6).
MIN_BORDER_SHARE = 0.15
#: On such a clip, movement is still reported (with the clip flagged) when it is plainly
#: kicking: no rhythm (rhythmicity below this; kicking scores 0-0.4 under shake, a tremor or
#: clonic series blurred by the shake's residual mostly 0.55-0.75) ...
CLEARLY_IRREGULAR_BELOW = 0.5
#: ... and slower than the shake: at least this share of the power of its velocity lies
#: below :data:`~tremorwatch.analysis.video.measure.SLOW_BAND_HZ` (kicks under shake
#: 0.42-0.91 on the generated clips; a fast tremor blurred by the shake, or what the shake
#: stirs up at the picture's edge, 0.02-0.06).
MIN_SLOW_SHARE = 0.25
#: A rhythm whose power at its frequency in the most moving cells is less than this multiple
#: of the median cell's is spread over the frame: the camera's shake, not a limb's tremor
#: (hand shake alone, 2-3.5 px: 3.7-5.4; a 1.5 px tremor at the shake's own frequency: 59).
MIN_CONFINEMENT = 15.0
#: Report progress at most this often (frames).
_PROGRESS_EVERY = 30


def analyse_video(path: Path, *, progress: Callable[[float], None] | None = None) -> AnalysisDetail:
    """Measure limb movement in a video.

    Parameters
    ----------
    path
        An MP4, MOV, WebM (or any container FFmpeg reads) with a video track.
    progress
        Called with the fraction done (0-1) as decoding proceeds, and with 1.0 at the end.

    Returns
    -------
    AnalysisDetail
        Amplitudes in source pixels (displayed orientation), frequencies in Hz.

    Raises
    ------
    RecordingError
        The file cannot be decoded (see :class:`~tremorwatch.analysis.video.decode.VideoReader`).
    """
    tracker: FlowTracker | None = None
    try:
        with _single_threaded_opencv(), VideoReader(path) as reader:
            info = reader.info
            tracker = FlowTracker(info.analysis_width, info.analysis_height)
            expected = max(info.expected_frames, 1)
            for count, frame in enumerate(prefetch(reader.frames()), start=1):
                tracker.add(frame.time_s, frame.grey)
                if progress is not None and count % _PROGRESS_EVERY == 0:
                    progress(min(0.99, count / expected))
            series = tracker.result()
            decoded = float(series.times_s[-1]) if series.times_s.size else 0.0
            reader.check_complete(decoded + 1.0 / max(info.nominal_fps, 1.0))
        measurement, fs_hz, border_noise = build_measurement(
            series, scale_to_source=info.scale_to_source
        )
        issues, usable = assess_quality(
            series,
            fs_hz=fs_hz,
            scale_to_source=info.scale_to_source,
            width=info.width,
            height=info.height,
        )
        duration = float(series.times_s[-1] + 1.0 / fs_hz) if series.times_s.size else 0.0
        source = SourceInfo(
            kind="video",
            duration_s=round(duration, 3),
            fps=round(fs_hz, 3),
            width=info.width,
            height=info.height,
        )
        detail = analyse_measurement(measurement, source=source, issues=issues, usable=usable)
        detail = _spread_rhythms_are_the_camera(
            detail, measurement.traces, fs_hz=fs_hz, start_s=measurement.activity.start_s
        )
        noise_floor = measurement.threshold / info.scale_to_source
        rhythmic = detail.result.pattern in (MotionPattern.TREMOR, MotionPattern.CLONIC)
        camera_moved = border_noise >= MIN_BORDER_SHARE * noise_floor
        if usable and noise_floor > MAX_THRESHOLD_PX_S and camera_moved and not rhythmic:
            # the shaking picture hides movements of a few pixels: "nothing found" would mislead,
            # so the clip cannot be judged; large kicks seen above the shake are still reported
            episodes = detail.result.episodes
            kept_issues = detail.result.quality.issues  # limb_out_of_view, found with the episodes
            activity = measurement.activity
            if not all(
                _plainly_kicking(
                    e, traces=measurement.traces, fs_hz=activity.fs_hz, start_s=activity.start_s
                )
                for e in episodes
            ):
                episodes, kept_issues = [], issues  # a blurred rhythm could be among them
            quality = Quality(
                usable=False, issues=[*kept_issues, QualityIssue.TOO_MUCH_CAMERA_MOVEMENT]
            )
            detail = replace(detail, result=summarise(episodes, source=source, quality=quality))
        if progress is not None:
            progress(1.0)
        return detail
    finally:
        if tracker is not None:  # the flow store's temporary files go, whatever happened
            tracker.close()


def _spread_rhythms_are_the_camera(
    detail: AnalysisDetail, traces: TraceSource, *, fs_hz: float, start_s: float
) -> AnalysisDetail:
    """A rhythm spread over the whole frame is the camera's shake, not a limb's: such an
    episode is reported as irregular movement, and the clip flagged as shaken (see
    :meth:`~tremorwatch.analysis.video.measure.CellTraces.confinement`)."""
    if not isinstance(traces, CellTraces):
        return detail
    result = detail.result
    episodes: list[MotionEpisode] = []
    changed = False
    for episode in result.episodes:
        kept = episode
        if episode.frequency_hz is not None:
            first = max(0, round((episode.start_s - start_s) * fs_hz))
            last = max(first, round((episode.end_s - start_s) * fs_hz))
            spread = traces.confinement(Span(first, last), frequency_hz=episode.frequency_hz)
            if spread < MIN_CONFINEMENT:
                kept = episode.model_copy(
                    update={"pattern": MotionPattern.IRREGULAR, "frequency_hz": None}
                )
                changed = True
        episodes.append(kept)
    if not changed:
        return detail
    issues = list(result.quality.issues)
    if QualityIssue.CAMERA_SHAKE not in issues:
        issues.append(QualityIssue.CAMERA_SHAKE)
    quality = Quality(usable=result.quality.usable, issues=issues)
    return replace(detail, result=summarise(episodes, source=result.source, quality=quality))


def _plainly_kicking(
    episode: MotionEpisode, *, traces: TraceSource, fs_hz: float, start_s: float
) -> bool:
    """True for movement that camera shake could neither blur nor fake: no rhythm, and a
    good part of it (:data:`MIN_SLOW_SHARE`) slower than a hand's 8-12 Hz shake."""
    if episode.rhythmicity >= CLEARLY_IRREGULAR_BELOW:
        return False
    first = max(0, round((episode.start_s - start_s) * fs_hz))
    last = max(first, round((episode.end_s - start_s) * fs_hz))
    trace = traces.trace(Span(first, last)).displacement
    if trace.size < 8:
        return False
    velocity = np.diff(trace) * fs_hz
    power = np.abs(np.fft.rfft((velocity - velocity.mean()) * np.hanning(velocity.size))) ** 2
    freqs = np.fft.rfftfreq(velocity.size, d=1.0 / fs_hz)
    moving = power[freqs >= MIN_FREQUENCY_HZ]
    slow = power[(freqs >= MIN_FREQUENCY_HZ) & (freqs < SLOW_BAND_HZ)]
    return moving.sum() > 0 and float(slow.sum() / moving.sum()) >= MIN_SLOW_SHARE


class _OpenCVThreads:
    """OpenCV's thread setting, shared by the analyses running in this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._previous = -1

    @contextmanager
    def single(self) -> Iterator[None]:
        """One thread while any analysis runs; the setting from before the first is restored
        when the last one ends."""
        import cv2

        with self._lock:
            if self._users == 0:
                self._previous = cv2.getNumThreads()
                cv2.setNumThreads(1)
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    cv2.setNumThreads(self._previous)


_OPENCV_THREADS = _OpenCVThreads()


def _single_threaded_opencv() -> AbstractContextManager[None]:
    """Run OpenCV calls on the calling thread only, restoring its setting afterwards.

    The analysis already keeps two threads busy (decoding, and the flow); OpenCV's own pool
    then only adds hand-overs: on 2 cores it spent 0.6 CPU-s more on the 20 s speed clip
    (the shrink of each frame alone cost 0.5 ms instead of 0.05) for no gain in time. The
    setting is per process, so analyses running at the same time share it: the first sets
    it, the last one out restores it.
    """
    return _OPENCV_THREADS.single()
