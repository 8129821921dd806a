"""Episodes of movement: where the activity envelope rises above the noise floor.

A hysteresis threshold on a smoothed activity envelope (speed for video, high-passed
acceleration for sensors) finds the stretches of movement; short gaps are bridged and short
blips dropped, so one burst of tremor gives one episode.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Span:
    """A stretch of samples ``[start, stop)`` of an evenly sampled signal."""

    start: int
    stop: int

    def seconds(self, fs_hz: float, *, start_s: float = 0.0) -> tuple[float, float]:
        """Start and end time in seconds."""
        return start_s + self.start / fs_hz, start_s + self.stop / fs_hz


#: Percentile of the envelope inside a span taken as the movement's level when its edges are
#: refined. Not the median: under strong camera shake the envelope can hover near the
#: threshold for seconds before a movement starts, the span then holds more noise than
#: movement, and the median sits on the noise (a true start found 2.6 s early).
PLATEAU_PERCENTILE = 75.0


def moving_rms(
    samples: NDArray[np.float64], *, fs_hz: float, window_s: float
) -> NDArray[np.float64]:
    """Root-mean-square over a centred moving window of ``window_s`` seconds (same length)."""
    width = max(1, round(window_s * fs_hz))
    kernel = np.ones(width) / width
    power = np.convolve(samples.astype(np.float64) ** 2, kernel, mode="same")
    rms: NDArray[np.float64] = np.sqrt(np.maximum(power, 0.0))
    return rms


def find_active_spans(
    envelope: NDArray[np.float64],
    *,
    fs_hz: float,
    threshold: float,
    release_ratio: float = 0.6,
    min_gap_s: float = 0.6,
    min_duration_s: float = 1.0,
) -> list[Span]:
    """Spans where ``envelope`` exceeds ``threshold`` (with hysteresis).

    Parameters
    ----------
    envelope
        Non-negative activity, one value per sample.
    fs_hz
        Sampling rate in Hz.
    threshold
        A span starts where the envelope exceeds this value ...
    release_ratio
        ... and extends while it stays above ``release_ratio * threshold``.
    min_gap_s
        Spans separated by less than this many seconds are merged.
    min_duration_s
        Spans shorter than this many seconds (after merging) are dropped.

    Returns
    -------
    list of Span
        In time order, non-overlapping.
    """
    above = envelope > threshold * release_ratio
    spans: list[Span] = []
    edges = np.flatnonzero(np.diff(np.concatenate(([0], above.astype(np.int8), [0]))))
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        if np.any(envelope[start:stop] > threshold):
            spans.append(Span(int(start), int(stop)))
    merged: list[Span] = []
    for span in spans:
        if merged and span.start - merged[-1].stop < min_gap_s * fs_hz:
            merged[-1] = Span(merged[-1].start, span.stop)
        else:
            merged.append(span)
    return [s for s in merged if s.stop - s.start >= min_duration_s * fs_hz]


def refine_edges(
    envelope: NDArray[np.float64], spans: list[Span], *, threshold: float, level: float = 0.5
) -> list[Span]:
    """Move each span's edges to where the envelope crosses ``level`` x the movement's level
    in the span (its :data:`PLATEAU_PERCENTILE`-th percentile).

    A centred smoothing window spreads a step symmetrically, so the half-level crossing of
    the smoothed envelope falls on the true start and end of the movement, whereas the low
    detection threshold is crossed early and left late.
    """
    refined: list[Span] = []
    for span in spans:
        part = envelope[span.start : span.stop]
        limit = max(threshold, level * float(np.percentile(part, PLATEAU_PERCENTILE)))
        inside = np.flatnonzero(part >= limit)
        if inside.size == 0:
            refined.append(span)
            continue
        refined.append(Span(span.start + int(inside[0]), span.start + int(inside[-1]) + 1))
    return refined


def refine_outer_edges(
    envelope: NDArray[np.float64],
    pieces: list[Span],
    *,
    outer: Span,
    threshold: float,
    level: float = 0.5,
) -> list[Span]:
    """:func:`refine_edges` for the pieces of one stretch cut where the kind of movement
    changes: each piece is judged against its own level, and only the edges where the
    stretch meets stillness move (the edges between two kinds are where the change was
    found).

    Principle: a small movement is judged against its own level and the noise floor, not
    against the largest movement of the stretch: a 2 px tremor that follows an 80 px kick
    without a pause would otherwise lie below half the kick's level and be cut away.
    """
    refined: list[Span] = []
    for piece in pieces:
        start, stop = piece.start, piece.stop
        part = envelope[start:stop]
        limit = max(threshold, level * float(np.percentile(part, PLATEAU_PERCENTILE)))
        inside = np.flatnonzero(part >= limit)
        if inside.size:
            if piece.start == outer.start:
                start = piece.start + int(inside[0])
            if piece.stop == outer.stop:
                stop = piece.start + int(inside[-1]) + 1
        refined.append(Span(start, stop))
    return refined


def split_at_gaps(spans: list[Span], valid: NDArray[np.bool_]) -> list[Span]:
    """Cut spans where ``valid`` is False (gaps in the recording), keeping the valid pieces."""
    pieces: list[Span] = []
    for span in spans:
        mask = valid[span.start : span.stop]
        edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
        pieces.extend(
            Span(span.start + int(a), span.start + int(b))
            for a, b in zip(edges[::2], edges[1::2], strict=True)
        )
    return pieces
