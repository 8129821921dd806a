"""Episode segmentation and pattern decision on signals whose answer is known by construction."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import sawtooth

from tremorwatch.analysis.features import (
    EpisodeFeatures,
    aliased_harmonics,
    classify,
    measure_episode,
    measure_rhythm,
)
from tremorwatch.analysis.segment import Span, find_active_spans, refine_edges, split_at_gaps
from tremorwatch.domain.codes import MotionPattern

FS = 50.0


def _envelope(pieces: list[tuple[float, float]], duration: float = 20.0) -> np.ndarray:
    t = np.arange(int(duration * FS)) / FS
    out = np.full(t.size, 0.1)
    for start, end in pieces:
        out[(t >= start) & (t < end)] = 5.0
    return out


def test_spans_found_merged_and_short_blips_dropped() -> None:
    env = _envelope([(2.0, 6.0), (6.3, 8.0), (12.0, 12.5), (15.0, 18.0)])
    spans = find_active_spans(env, fs_hz=FS, threshold=1.0)
    seconds = [s.seconds(FS) for s in spans]
    assert seconds == [(2.0, 8.0), (15.0, 18.0)]  # 0.3 s gap bridged, 0.5 s blip dropped


def test_refine_edges_moves_to_half_level() -> None:
    t = np.arange(int(10 * FS)) / FS
    # 1 s ramps from 2 to 3 s and from 7 to 8 s, plateau of 4 between: half level 2 at 2.5, 7.5
    env = np.clip((t - 2.0) * 4, 0, 4) * np.clip((8.0 - t) * 4, 0, 4) / 4 + 0.01
    spans = refine_edges(env, [Span(int(2.0 * FS), int(8.0 * FS))], threshold=0.5)
    start, end = spans[0].seconds(FS)
    assert start == pytest.approx(2.5, abs=0.05) and end == pytest.approx(7.5, abs=0.05)


def test_refine_edges_ignores_a_long_noisy_lead_in() -> None:
    """Camera shake keeps the envelope just under the threshold (1.0), touching it at 0.5 s,
    for 6 s before a 3-second movement at 3x: the movement starts at 6 s, not at 0.5 s."""
    t = np.arange(int(10 * FS)) / FS
    env = np.full(t.size, 0.9)
    env[(t > 0.45) & (t < 0.55)] = 1.05
    env[(t >= 6.0) & (t < 9.0)] = 3.0
    spans = find_active_spans(env, fs_hz=FS, threshold=1.0)
    assert spans[0].seconds(FS)[0] < 0.5  # the hysteresis holds on through the noise
    start, end = refine_edges(env, spans, threshold=1.0)[0].seconds(FS)
    assert start == pytest.approx(6.0, abs=0.05) and end == pytest.approx(9.0, abs=0.05)


def test_split_at_gaps() -> None:
    valid = np.ones(100, dtype=bool)
    valid[40:50] = False
    assert split_at_gaps([Span(10, 90)], valid) == [Span(10, 40), Span(50, 90)]


T = np.arange(int(8 * FS)) / FS


@pytest.mark.parametrize(
    ("trace", "pattern", "frequency"),
    [
        (np.sin(2 * np.pi * 6.0 * T), MotionPattern.TREMOR, 6.0),
        (np.sin(2 * np.pi * 4.0 * T), MotionPattern.TREMOR, 4.0),
        (sawtooth(2 * np.pi * 2.0 * T, width=0.8), MotionPattern.CLONIC, 2.0),
        (sawtooth(2 * np.pi * 4.0 * T, width=0.8), MotionPattern.CLONIC, 4.0),
    ],
)
def test_measure_and_classify_known_waveforms(
    trace: np.ndarray, pattern: MotionPattern, frequency: float
) -> None:
    """Frequency within 0.05 Hz; 4 Hz is decided by the waveform shape (sine vs saw-tooth)."""
    features = measure_episode(trace, fs_hz=FS)
    assert features.frequency_hz == pytest.approx(frequency, abs=0.05)
    assert features.rhythmicity > 0.8
    assert classify(features) == pattern


def test_slow_jerks_stay_rhythmic_under_fast_camera_noise() -> None:
    """A 1 Hz saw-tooth with a 10 Hz wobble of varying strength on top (what hand shake leaves
    in the flow after the camera is removed): the rhythm is judged on the jerks and their first
    harmonics, so the wobble does not make it look like irregular kicking."""
    fs = 30.0
    t = np.arange(int(8 * fs)) / fs
    rng = np.random.default_rng(3)
    wobble = np.convolve(rng.normal(size=t.size), np.ones(6) / 6, "same") * np.sin(
        2 * np.pi * 10.3 * t
    )
    trace = 3 * sawtooth(2 * np.pi * 1.0 * t, width=0.8) + 1.2 * wobble
    trace += 0.2 * rng.normal(size=t.size)
    features = measure_episode(trace, fs_hz=fs)
    assert features.frequency_hz == pytest.approx(1.0, abs=0.05)
    assert features.rhythmicity >= 0.75
    assert classify(features) == MotionPattern.CLONIC


@pytest.mark.parametrize(
    ("frequency", "fs", "aliases"),
    [
        (12.0, 30.0, [6.0]),  # 24 Hz folds to 6 Hz; 36 and 48 Hz to 6 and 12 Hz
        (10.0, 30.0, []),  # 3 frames a cycle: every harmonic folds onto a harmonic
        (4.0, 30.0, [2.0, 6.0, 10.0, 14.0]),  # 7.5 frames a cycle: 16 -> 14, 20 -> 10, ...
        (6.0, 100.0, []),  # harmonics up to the 8th stay below 50 Hz
    ],
)
def test_aliased_harmonics_where_they_fold(
    frequency: float, fs: float, aliases: list[float]
) -> None:
    assert aliased_harmonics(frequency, fs) == pytest.approx(aliases)


def test_fast_tremor_keeps_its_rhythm_with_a_folded_harmonic() -> None:
    """A 12 Hz tremor with a second harmonic, filmed at 30 frames/s: the harmonic (24 Hz)
    lands at 6 Hz, where it turns against the tremor at a lag of one period (0.68 when it was
    left in); removed before the repeat is judged, the tremor stays a tremor."""
    fs = 30.0
    t = np.arange(int(6 * fs)) / fs
    noise = 0.05 * np.random.default_rng(2).normal(size=t.size)
    trace = np.sin(2 * np.pi * 12.0 * t) + 0.3 * np.sin(2 * np.pi * 24.0 * t + 0.7) + noise
    features = measure_episode(trace, fs_hz=fs)
    assert features.frequency_hz == pytest.approx(12.0, abs=0.05)
    assert features.rhythmicity >= 0.85
    assert classify(features) == MotionPattern.TREMOR


def test_rhythm_alone_agrees_with_the_full_measure() -> None:
    """The frequency track's shortcut gives the frequency and rhythmicity of the full measure,
    for a tremor, a saw-tooth, a short stretch, random movement and stillness."""
    from scipy.ndimage import gaussian_filter1d

    rng = np.random.default_rng(5)
    traces = [
        2.0 * np.sin(2 * np.pi * 7.3 * T) + 0.3 * rng.normal(size=T.size),
        4.0 * sawtooth(2 * np.pi * 1.7 * T, width=0.8),
        np.sin(2 * np.pi * 3.0 * T[:40]),
        gaussian_filter1d(rng.normal(size=T.size), 6),
        np.zeros(T.size),
    ]
    for trace in traces:
        full = measure_episode(trace, fs_hz=FS)
        assert measure_rhythm(trace, fs_hz=FS) == (full.frequency_hz, full.rhythmicity)


def test_random_movement_is_irregular() -> None:
    from scipy.ndimage import gaussian_filter1d

    walk = gaussian_filter1d(np.random.default_rng(1).normal(size=T.size), 6)
    features = measure_episode(walk, fs_hz=FS)
    assert features.rhythmicity < 0.55
    assert classify(features) == MotionPattern.IRREGULAR


def test_amplitude_is_half_the_range() -> None:
    features = measure_episode(2.5 * np.sin(2 * np.pi * 6.0 * T), fs_hz=FS)
    assert features.amplitude == pytest.approx(2.5, rel=0.05)


def test_classify_rules_at_the_band_edges() -> None:
    """Strongly rhythmic and slow is clonic whatever its shape (the safer reading); a looser
    slow rhythm needs the fast/slow phase of a jerk; fast is tremor."""
    assert classify(EpisodeFeatures(2.0, 0.9, 0.0, 1.0)) == MotionPattern.CLONIC
    assert classify(EpisodeFeatures(1.0, 0.78, 1.4, 1.0)) == MotionPattern.CLONIC
    assert classify(EpisodeFeatures(1.0, 0.78, 0.05, 1.0)) == MotionPattern.IRREGULAR
    assert classify(EpisodeFeatures(8.0, 0.9, 1.5, 1.0)) == MotionPattern.TREMOR
    assert classify(EpisodeFeatures(4.0, 0.9, 1.2, 1.0)) == MotionPattern.CLONIC
    assert classify(EpisodeFeatures(4.0, 0.9, 0.1, 1.0)) == MotionPattern.TREMOR
    assert classify(EpisodeFeatures(6.0, 0.3, 0.0, 1.0)) == MotionPattern.IRREGULAR
    # a few similar kicks can look periodic at 1-2 Hz: a rhythm needs strong evidence
    assert classify(EpisodeFeatures(1.5, 0.7, 0.0, 1.0)) == MotionPattern.IRREGULAR
    assert classify(EpisodeFeatures(None, 0.0, 0.0, 1.0)) == MotionPattern.IRREGULAR
