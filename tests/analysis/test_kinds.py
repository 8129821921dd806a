"""Kinds of movement that follow each other without a pause, small movement after large, and
glitches: known answers on synthetic accelerometer signals built here.

Each signal is gravity plus movement along one direction, sampled at 200 Hz, with 0.05 m/s²
white noise on every axis. Clonic jerks are a saw-tooth displacement (fast phase a fifth of
the cycle, corners rounded above 12 Hz); a tremor is a sinusoid; kicking is low-passed random movement. Frequencies must
come out within 0.2 Hz and each kind must be reported over at least 60 % of its true
stretch (the change of kind is placed from 2.5 s windows every 0.5 s). Not tested here: video
(``test_video*.py``), where the same core runs on the flow of the picture.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from tremorwatch.analysis.imu import analyse_accelerometer, noise_floor, remove_spikes
from tremorwatch.analysis.kinds import viterbi
from tremorwatch.analysis.signal import Signal
from tremorwatch.analysis.spectral import bandpass
from tremorwatch.domain.codes import MotionPattern
from tremorwatch.domain.motion import MotionAnalysis

FS_HZ = 200.0
DIRECTION = np.array([0.6, 0.0, 0.8])


def _acceleration(displacement_m: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.gradient(np.gradient(displacement_m)) * FS_HZ**2


def _sawtooth(
    times: NDArray[np.float64], frequency_hz: float, peak_m: float
) -> NDArray[np.float64]:
    phase = (times * frequency_hz) % 1.0
    fast = 0.2
    wave = np.where(phase < fast, phase / fast, 1.0 - (phase - fast) / (1.0 - fast))
    # a limb's jerk has a finite acceleration: the corners rounded above 12 Hz
    return bandpass(peak_m * (2.0 * wave - 1.0), fs_hz=FS_HZ, low_hz=None, high_hz=12.0)


def _signal(acceleration: NDArray[np.float64], seed: int = 0) -> Signal:
    rng = np.random.default_rng(seed)
    samples = acceleration[:, None] * DIRECTION[None, :]
    samples[:, 2] += 9.80665
    samples += rng.normal(0.0, 0.05, samples.shape)
    return Signal(samples, FS_HZ, "m/s2", "accelerometer")


def _covered(result: MotionAnalysis, pattern: MotionPattern, start: float, end: float) -> float:
    inside = sum(
        max(0.0, min(e.end_s, end) - max(e.start_s, start))
        for e in result.episodes
        if e.pattern == pattern
    )
    return inside / (end - start)


def _frequency(result: MotionAnalysis, pattern: MotionPattern) -> float:
    rhythmic = [e for e in result.episodes if e.pattern == pattern]
    assert rhythmic, result.episodes
    longest = max(rhythmic, key=lambda e: e.duration_s)
    assert longest.frequency_hz is not None
    return longest.frequency_hz


def test_clonic_jerks_then_a_small_tremor_without_a_pause() -> None:
    """Jerks of 12 m/s² then a tremor thirty times smaller: both are found, each with its
    own frequency (before the change of kind was sought, one episode took the jerks' label
    and the tremor was cut away against half the jerks' level)."""
    times = np.arange(int(10.0 * FS_HZ)) / FS_HZ
    jerks = np.where(times < 5.0, _sawtooth(times, 2.5, 0.02), 0.0)
    tremor = np.where(times >= 5.0, 0.00018 * np.sin(2 * np.pi * 7.5 * times), 0.0)
    result = analyse_accelerometer(_signal(_acceleration(jerks + tremor))).result
    assert _covered(result, MotionPattern.CLONIC, 0.0, 5.0) >= 0.6, result.episodes
    assert _covered(result, MotionPattern.TREMOR, 5.0, 10.0) >= 0.6, result.episodes
    assert abs(_frequency(result, MotionPattern.CLONIC) - 2.5) <= 0.2
    assert abs(_frequency(result, MotionPattern.TREMOR) - 7.5) <= 0.2


def test_kicking_then_a_tremor_without_a_pause() -> None:
    """Irregular kicking flows straight into a 10 Hz tremor: the kicking stays irregular and
    the tremor is reported as a tremor, not merged into one irregular episode."""
    rng = np.random.default_rng(4)
    times = np.arange(int(10.0 * FS_HZ)) / FS_HZ
    kicks = bandpass(rng.normal(0.0, 1.0, times.size), fs_hz=FS_HZ, low_hz=0.5, high_hz=3.0)
    kicks *= 0.02 / kicks.std() * (times < 5.0)
    tremor = np.where(times >= 5.0, 0.0003 * np.sin(2 * np.pi * 10.0 * times), 0.0)
    result = analyse_accelerometer(_signal(_acceleration(kicks + tremor), seed=1)).result
    assert _covered(result, MotionPattern.TREMOR, 5.0, 10.0) >= 0.6, result.episodes
    assert _covered(result, MotionPattern.TREMOR, 0.0, 4.0) == 0.0, result.episodes
    assert _covered(result, MotionPattern.CLONIC, 0.0, 10.0) == 0.0, result.episodes
    assert abs(_frequency(result, MotionPattern.TREMOR) - 10.0) <= 0.2


def test_one_tremor_stays_one_episode() -> None:
    times = np.arange(int(12.0 * FS_HZ)) / FS_HZ
    tremor = np.where((times > 2.0) & (times < 10.0), 0.0004 * np.sin(2 * np.pi * 6.0 * times), 0.0)
    result = analyse_accelerometer(_signal(_acceleration(tremor), seed=2)).result
    assert [e.pattern for e in result.episodes] == [MotionPattern.TREMOR]
    assert abs(result.episodes[0].start_s - 2.0) <= 0.5
    assert abs(result.episodes[0].end_s - 10.0) <= 0.5


def test_a_single_sample_spike_is_removed_and_the_movement_kept() -> None:
    times = np.arange(400) / FS_HZ
    wave = np.column_stack([np.sin(2 * np.pi * 3.0 * times)] * 3) * 5.0
    spiked = wave.copy()
    spiked[200, 1] += 47.0
    cleaned = remove_spikes(spiked)
    assert abs(cleaned[200, 1] - wave[200, 1]) < 0.5
    assert np.allclose(np.delete(cleaned, 200, axis=0), np.delete(wave, 200, axis=0))


def test_the_noise_floor_holds_when_the_sensor_never_rests() -> None:
    """A tremor all along (1.4 m/s²): the recording's quietest tenth is the tremor, so the
    floor comes from the band above limb movement and stays near the sensor's noise."""
    times = np.arange(int(10.0 * FS_HZ)) / FS_HZ
    moving = _signal(_acceleration(0.001 * np.sin(2 * np.pi * 6.0 * times)), seed=3).as_2d()
    limb_band = bandpass(moving, fs_hz=FS_HZ, low_hz=0.3, high_hz=20.0)
    floor = noise_floor(moving, limb_band, fs_hz=FS_HZ)
    white = 0.05 * np.sqrt(3 * (20.0 - 0.3) / (FS_HZ / 2))  # RMS of the norm in the band
    assert 0.5 * white < floor < 2.0 * white


def test_viterbi_keeps_a_state_through_one_odd_window() -> None:
    costs = np.array([[0.0, 5.0]] * 4 + [[3.0, 0.0]] + [[0.0, 5.0]] * 4 + [[5.0, 0.0]] * 5)
    transitions = np.array([[0.0, 4.0], [4.0, 0.0]])
    assert viterbi(costs, transitions).tolist() == [0] * 9 + [1] * 5
