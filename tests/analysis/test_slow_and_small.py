"""Slow rhythms judged over whole cycles and at their fundamental: known answers on traces
built here (the video reader turns this on; the accelerometer keeps its former behaviour, so
it is off by default)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.ndimage import gaussian_filter1d

from tremorwatch.analysis.features import classify, measure_episode, measure_window_rhythm
from tremorwatch.analysis.kinds import RHYTHM_WINDOW_CYCLES
from tremorwatch.analysis.pipeline import (
    rhythm_window,
)
from tremorwatch.analysis.segment import Span
from tremorwatch.domain.codes import MotionPattern

FS = 30.0


def _jerks(frequency_hz: float, seconds: float, seed: int) -> NDArray[np.float64]:
    """A slow series of brief jerks (out and back in a fifth of a second, Gaussian), with 3 %
    jitter of the period: its velocity's second harmonic outweighs the fundamental."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * FS)) / FS
    out = np.zeros_like(t)
    centre = 0.3
    while centre < seconds:
        out -= 10.0 * np.exp(-0.5 * ((t - centre) / 0.1) ** 2)
        centre += (1.0 + 0.03 * rng.normal()) / frequency_hz
    return out + 0.2 * rng.normal(size=t.size)


def test_a_window_is_widened_to_hold_whole_cycles_of_a_slow_rhythm() -> None:
    stretch = Span(0, 600)
    window = Span(100, 175)  # 2.5 s at 30 Hz
    assert rhythm_window(window, stretch, frequency_hz=2.0, fs_hz=FS) == window
    wider = rhythm_window(window, stretch, frequency_hz=0.8, fs_hz=FS)
    assert wider.stop - wider.start == round(RHYTHM_WINDOW_CYCLES / 0.8 * FS)
    assert abs((wider.start + wider.stop) / 2 - 137.5) <= 1  # about the same centre
    edge = rhythm_window(Span(0, 75), stretch, frequency_hz=0.8, fs_hz=FS)
    assert edge.start == 0  # kept inside the stretch
    short = rhythm_window(Span(0, 75), Span(0, 90), frequency_hz=0.5, fs_hz=FS)
    assert short == Span(0, 90)  # never longer than the stretch


def test_a_slow_jerk_series_is_judged_at_its_fundamental() -> None:
    for seed in range(4):
        trace = _jerks(0.9, 8.0, seed)
        window = trace[: round(RHYTHM_WINDOW_CYCLES / 0.9 * FS)]
        harmonic, rhythm_at_harmonic = measure_window_rhythm(window, fs_hz=FS)
        assert harmonic is not None and abs(harmonic - 1.8) < 0.15  # the octave error
        assert rhythm_at_harmonic < 0.3
        frequency, rhythmicity = measure_window_rhythm(window, fs_hz=FS, fundamental=True)
        assert frequency is not None and abs(frequency - 0.9) < 0.1
        assert rhythmicity >= 0.75


def test_kicking_is_not_made_rhythmic_by_the_fundamental() -> None:
    for seed in range(30):
        walk = gaussian_filter1d(np.random.default_rng(seed).normal(size=int(8 * FS)), 6)
        features = measure_episode(walk, fs_hz=FS, fundamental=True)
        assert features.rhythmicity < 0.75, seed
        assert classify(features) == MotionPattern.IRREGULAR
