"""Where the kind of movement changes inside a stretch of movement.

A stretch of movement found on the activity envelope (:mod:`tremorwatch.analysis.segment`)
can hold several kinds one after the other with no pause between them: kicking then a tremor,
clonic jerks then a tremor, a tremor then jerks. Measured as one episode, the rhythm inside
is merged into ``irregular`` or takes the other rhythm's label. So the stretch is cut where
the kind changes.

Principle: the kind of movement is judged window by window (2.5 s windows every 0.5 s: the
dominant frequency and rhythmicity of each, see :func:`~tremorwatch.analysis.features.
measure_window_rhythm`), and the sequence of kinds is the most likely path of a hidden Markov
model [1]_ over those windows (Viterbi): a state for irregular movement and one for each
frequency bin of a rhythm, each window scored by how rhythmic it is and how near its
frequency lies to the bin, and a cost for every change of state, so one odd window does not
cut an episode while a run of windows of another kind does.

References
----------
.. [1] Rabiner LR. (1989). A tutorial on hidden Markov models and selected applications in
   speech recognition. Proceedings of the IEEE 77(2):257-286.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from tremorwatch.analysis.segment import Span

#: Window and step of the per-window judgement (s). 2.5 s holds 2.5 cycles of a 1 Hz jerk
#: (enough for an autocorrelation at one period) and is short enough to place a change of
#: kind within about a second.
WINDOW_S = 2.5
STEP_S = 0.5
#: Cycles of the candidate rhythm a window holds at the least, where the reader asks for it
#: (video; see :func:`~tremorwatch.analysis.pipeline.rhythm_window`): a window of a slower
#: rhythm is widened to hold as many cycles as the 2.5 s window holds of a 1 Hz jerk.
RHYTHM_WINDOW_CYCLES = 3.0
#: Rhythmicity at which a window is as likely rhythmic as not, and the spread of that
#: judgement (a logistic): below the episode threshold of 0.75 because a short window under
#: camera shake or sensor noise scores lower than a whole episode of the same rhythm.
RHYTHM_MIDPOINT = 0.6
RHYTHM_SPREAD = 0.08
#: Ratio between neighbouring frequency bins of the rhythmic states, and the spread (as a
#: ratio) of a window's frequency around its bin's.
BIN_RATIO = 1.1
FREQUENCY_SPREAD_RATIO = 1.2
#: Cost (nats) of a change of kind, and of a step between neighbouring frequency bins (a
#: rhythm drifts slowly: a step of a bin or two is a drift, not a new rhythm).
CHANGE_COST = 4.0
DRIFT_COST = 0.5
DRIFT_BINS = 2
#: Rhythms within this ratio of each other are one rhythm (a drift), not two kinds.
SAME_RHYTHM_RATIO = 1.25
#: Kind segments shorter than this (s) join a neighbour.
MIN_SEGMENT_S = 1.5
_PROBABILITY_FLOOR = 0.02


@dataclass(frozen=True)
class KindSegment:
    """A piece of a stretch with one kind: ``frequency_hz`` of its rhythm, ``None`` when
    irregular."""

    span: Span
    frequency_hz: float | None


#: Dominant frequency (Hz, ``None`` without a peak) and rhythmicity of a window of samples.
WindowRhythm = Callable[[Span], tuple[float | None, float]]


def _frequency_bins(low_hz: float, high_hz: float) -> NDArray[np.float64]:
    count = max(1, int(np.ceil(np.log(high_hz / low_hz) / np.log(BIN_RATIO))) + 1)
    bins: NDArray[np.float64] = low_hz * np.power(BIN_RATIO, np.arange(count, dtype=np.float64))
    return bins


def _costs(
    frequencies: list[float | None], rhythmicity: NDArray[np.float64], bins: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Emission cost (negative log-likelihood) of each window in each state: column 0 is
    irregular movement, column ``1 + k`` a rhythm in frequency bin ``k``."""
    p = 1.0 / (1.0 + np.exp(-(rhythmicity - RHYTHM_MIDPOINT) / RHYTHM_SPREAD))
    p = np.clip(p, _PROBABILITY_FLOOR, 1.0 - _PROBABILITY_FLOOR)
    costs = np.empty((rhythmicity.size, 1 + bins.size))
    costs[:, 0] = -np.log(1.0 - p)
    spread = np.log(FREQUENCY_SPREAD_RATIO)
    for index, frequency in enumerate(frequencies):
        if frequency is None:
            costs[index, 1:] = -np.log(_PROBABILITY_FLOOR)
            costs[index, 0] = -np.log(1.0 - _PROBABILITY_FLOOR)
            continue
        distance = (np.log(frequency) - np.log(bins)) / spread
        costs[index, 1:] = -np.log(p[index]) + 0.5 * distance**2
    return costs


def _transition_costs(bins: int) -> NDArray[np.float64]:
    states = 1 + bins
    cost = np.full((states, states), CHANGE_COST)
    np.fill_diagonal(cost, 0.0)
    k = np.arange(bins)
    step = np.abs(k[:, None] - k[None, :])
    drift = (step > 0) & (step <= DRIFT_BINS)
    cost[1:, 1:][drift] = DRIFT_COST * step[drift]
    return cost


def viterbi(costs: NDArray[np.float64], transitions: NDArray[np.float64]) -> NDArray[np.intp]:
    """The state path of least total cost (emissions ``costs`` (n, states) plus transitions
    ``transitions`` (states, states), from-state by to-state), all states equally likely at
    the start."""
    n, states = costs.shape
    total = costs[0].copy()
    back = np.zeros((n, states), dtype=np.intp)
    for index in range(1, n):
        candidates = total[:, None] + transitions
        back[index] = np.argmin(candidates, axis=0)
        total = candidates[back[index], np.arange(states)] + costs[index]
    path = np.empty(n, dtype=np.intp)
    path[-1] = int(np.argmin(total))
    for index in range(n - 1, 0, -1):
        path[index - 1] = back[index, path[index]]
    return path


def split_by_kind(
    span: Span,
    *,
    fs_hz: float,
    band_hz: tuple[float, float],
    window_rhythm: WindowRhythm,
) -> list[KindSegment]:
    """Cut ``span`` where the kind of movement changes (see the module docstring).

    Parameters
    ----------
    span
        A stretch of movement, in samples.
    fs_hz
        Sampling rate in Hz.
    band_hz
        The analysed frequency band in Hz.
    window_rhythm
        Measures the dominant frequency and rhythmicity of a window of the recording.

    Returns
    -------
    list of KindSegment
        Consecutive pieces covering ``span``; one piece when it holds one kind (or is too
        short to hold two).
    """
    window = round(WINDOW_S * fs_hz)
    step = max(1, round(STEP_S * fs_hz))
    length = span.stop - span.start
    if length < window + 2 * step:
        return [KindSegment(span, None)]
    starts = list(range(span.start, span.stop - window + 1, step))
    measured = [window_rhythm(Span(s, s + window)) for s in starts]
    frequencies = [f for f, _ in measured]
    rhythmicity = np.array([r for _, r in measured])
    bins = _frequency_bins(*band_hz)
    path = viterbi(_costs(frequencies, rhythmicity, bins), _transition_costs(bins.size))
    # runs of windows of one kind (a rhythm drifting between neighbouring bins is one run)
    runs: list[tuple[int, int, float | None]] = []  # first window, last window, frequency
    for index, state in enumerate(path):
        frequency = None if state == 0 else float(bins[state - 1])
        if runs:
            first, _, previous = runs[-1]
            same = (previous is None and frequency is None) or (
                previous is not None
                and frequency is not None
                and max(previous, frequency) / min(previous, frequency) <= SAME_RHYTHM_RATIO
            )
            if same:
                runs[-1] = (first, index, previous)
                continue
        runs.append((index, index, frequency))
    # each run's frequency: the median of its windows' own measures
    segments: list[KindSegment] = []
    for run_index, (first, last, bin_hz) in enumerate(runs):
        begin = span.start if run_index == 0 else _boundary(starts, first, window, step)
        end = span.stop if run_index == len(runs) - 1 else _boundary(starts, last + 1, window, step)
        frequency = bin_hz
        if bin_hz is not None:
            own = [f for f in frequencies[first : last + 1] if f is not None]
            frequency = float(np.median(own)) if own else bin_hz
        segments.append(KindSegment(Span(begin, end), frequency))
    return _absorb_short(segments, min_samples=round(MIN_SEGMENT_S * fs_hz))


def _boundary(starts: list[int], index: int, window: int, step: int) -> int:
    """Sample between window ``index - 1`` and window ``index``: halfway between their
    centres."""
    return starts[index] + window // 2 - step // 2


def _absorb_short(segments: list[KindSegment], *, min_samples: int) -> list[KindSegment]:
    """Join pieces shorter than ``min_samples`` to their longer neighbour."""
    pieces = list(segments)
    while len(pieces) > 1:
        lengths = [p.span.stop - p.span.start for p in pieces]
        shortest = int(np.argmin(lengths))
        if lengths[shortest] >= min_samples:
            break
        if shortest == 0:
            neighbour = 1
        elif shortest == len(pieces) - 1:
            neighbour = shortest - 1
        else:
            neighbour = (
                shortest - 1 if lengths[shortest - 1] >= lengths[shortest + 1] else shortest + 1
            )
        keep = pieces[neighbour]
        short = pieces[shortest]
        joined = Span(min(keep.span.start, short.span.start), max(keep.span.stop, short.span.stop))
        pieces[min(shortest, neighbour)] = KindSegment(joined, keep.frequency_hz)
        del pieces[max(shortest, neighbour)]
    return pieces
