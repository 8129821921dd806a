"""Accelerometer principles found on recordings the analysis was not tuned on (issue 13).

Each test builds its signal from physics stated here, not from the independent generator:

* a carer's rocking is a pendulum: the sensor at 0.3 m from the pivot swings 0.2 rad at
  0.75 Hz, so gravity tilts at the swing's frequency and the centripetal acceleration adds
  its second harmonic; nothing makes a third;
* a clonic jerk is a saw-tooth displacement (fast phase a fifth of the cycle), whose
  acceleration carries strong harmonics;
* a tremor is a sinusoid.

Tolerances: frequencies within 0.1 Hz (episodes of 10 s or more); what is tested is the
pattern and the frequency, not the exact edges.
"""

from __future__ import annotations

import numpy as np

from tremorwatch.analysis.features import measure_episode
from tremorwatch.analysis.imu import (
    STANDARD_GRAVITY_M_S2,
    analyse_accelerometer,
    remove_spikes,
    remove_sway,
)
from tremorwatch.analysis.signal import Signal
from tremorwatch.analysis.spectral import bandpass
from tremorwatch.domain.codes import MotionPattern

FS_HZ = 100.0


def _rocking(times: np.ndarray, *, frequency_hz: float = 0.75) -> np.ndarray:
    """(n, 3) acceleration of a sensor on a rocked body (a pendulum of 0.3 m, 0.2 rad)."""
    radius, swing = 0.3, 0.2
    omega = 2 * np.pi * frequency_hz
    angle = swing * np.sin(omega * times)
    rate = swing * omega * np.cos(omega * times)
    accel = -swing * omega**2 * np.sin(omega * times)
    tangential = STANDARD_GRAVITY_M_S2 * np.sin(angle) + radius * accel
    radial = STANDARD_GRAVITY_M_S2 * np.cos(angle) + radius * rate**2
    return np.column_stack([tangential, np.zeros_like(times), radial])


def _sawtooth_acceleration(times: np.ndarray, *, frequency_hz: float, peak_m: float) -> np.ndarray:
    """Acceleration (m/s²) of a saw-tooth displacement: a slow rise over 80 % of the cycle
    and a fast return over 20 %, smoothed by 20 ms as a limb's movement is."""
    from scipy.ndimage import uniform_filter1d

    fine = np.arange(0, times[-1] + 1.0, 0.001)
    phase = (fine * frequency_hz) % 1.0
    displacement = np.where(phase < 0.8, phase / 0.8, (1.0 - phase) / 0.2) * peak_m
    smooth = uniform_filter1d(uniform_filter1d(displacement, 20), 20)
    accel = np.gradient(np.gradient(smooth, fine), fine)
    sampled: np.ndarray = np.interp(times, fine, accel)
    return sampled


def _signal(samples: np.ndarray, fs_hz: float = FS_HZ) -> Signal:
    return Signal(samples, fs_hz, "m/s2", "accelerometer")


def _noise(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(0.0, 0.03, (n, 3))


def test_rocking_a_still_infant_is_not_a_rhythm() -> None:
    """A still infant being rocked: before, read as clonic at 0.75 Hz (rhythmicity 0.99)."""
    times = np.arange(0, 15, 1 / FS_HZ)
    samples = _rocking(times) + _noise(times.size, 1)
    result = analyse_accelerometer(_signal(samples)).result
    assert all(
        e.pattern not in (MotionPattern.TREMOR, MotionPattern.CLONIC) for e in result.episodes
    ), result.episodes


def test_rocking_is_subtracted_but_a_jerk_series_is_kept() -> None:
    """The sway's power goes; the power of a 1 Hz saw-tooth series (as slow as rocking) stays."""
    times = np.arange(0, 15, 1 / FS_HZ)
    rocked = bandpass(_rocking(times), fs_hz=FS_HZ, low_hz=0.3, high_hz=None)
    left = remove_sway(rocked, fs_hz=FS_HZ)
    assert np.sum(left[200:-200] ** 2) < 0.05 * np.sum(rocked[200:-200] ** 2)
    jerks = np.zeros((times.size, 3))
    jerks[:, 0] = _sawtooth_acceleration(times, frequency_hz=1.0, peak_m=0.01)
    jerks = bandpass(jerks, fs_hz=FS_HZ, low_hz=0.3, high_hz=None)
    kept = remove_sway(jerks, fs_hz=FS_HZ)
    np.testing.assert_array_equal(kept, jerks)  # no window of it is a smooth sway


def test_tremor_under_rocking_is_found_above_the_sway() -> None:
    """An 8 Hz tremor of 0.8 m/s² under rocking ten times as strong: the dominant peak was the
    rocking; the tremor is judged once the sway is taken out."""
    times = np.arange(0, 14, 1 / FS_HZ)
    tremor = np.zeros((times.size, 3))
    tremor[:, 1] = 0.8 * np.sin(2 * np.pi * 8.0 * times)
    samples = 4.0 * _rocking(times, frequency_hz=0.8) + tremor + _noise(times.size, 2)
    samples[:, 2] -= 3.0 * STANDARD_GRAVITY_M_S2  # gravity once, not four times
    result = analyse_accelerometer(_signal(samples)).result
    tremors = [e for e in result.episodes if e.pattern == MotionPattern.TREMOR]
    assert tremors, result.episodes
    longest = max(tremors, key=lambda e: e.duration_s)
    assert longest.duration_s > 8.0
    assert longest.frequency_hz is not None and abs(longest.frequency_hz - 8.0) < 0.1


def test_jerk_series_is_measured_at_its_fundamental() -> None:
    """A velocity whose second harmonic outweighs its fundamental (a jerk's fast phase) is
    a 1.7 Hz rhythm, not 3.4 Hz; a sinusoidal tremor keeps its own frequency."""
    fs_hz = 50.0
    times = np.arange(0, 7, 1 / fs_hz)
    base = 2 * np.pi * 1.7 * times
    velocity = 0.6 * np.sin(base) + 1.0 * np.sin(2 * base + 0.8) + 0.4 * np.sin(3 * base + 0.3)
    features = measure_episode(velocity, fs_hz=fs_hz, is_velocity=True)
    assert features.frequency_hz is not None and abs(features.frequency_hz - 1.7) < 0.1
    assert features.rhythmicity >= 0.75
    tremor = np.sin(2 * np.pi * 8.0 * times)
    features = measure_episode(tremor, fs_hz=fs_hz, is_velocity=True)
    assert features.frequency_hz is not None and abs(features.frequency_hz - 8.0) < 0.1


def test_recurring_one_sample_jerks_are_kept_and_a_lone_glitch_removed() -> None:
    """At 50 Hz a jerk's fast phase is one sample and recurs every cycle: movement. A single
    40 m/s² sample is a glitch."""
    n = 500
    samples = np.random.default_rng(3).normal(0.0, 0.05, (n, 3))
    samples[:, 2] += STANDARD_GRAVITY_M_S2
    jerks = np.arange(5, n - 5, 15)  # 3.3 Hz
    samples[jerks, 0] += 4.0
    samples[jerks + 2, 0] -= 4.0
    samples[250 + 7, 1] += 40.0
    cleaned = remove_spikes(samples)
    np.testing.assert_array_equal(cleaned[jerks, 0], samples[jerks, 0])
    assert abs(cleaned[257, 1]) < 1.0


def _jerk_velocity(
    jerk_times: np.ndarray, sizes: np.ndarray, fs_hz: float, duration_s: float
) -> np.ndarray:
    """Velocity of a limb that jerks at ``jerk_times``: a fast 60 ms return of each jerk's
    ``size`` and a slow drift back over the rest of the interval (a saw-tooth per jerk)."""
    times = np.arange(0, duration_s, 1 / fs_hz)
    velocity = np.zeros_like(times)
    for index, (start, size) in enumerate(zip(jerk_times, sizes, strict=True)):
        end = jerk_times[index + 1] if index + 1 < jerk_times.size else duration_s
        fast = (times >= start) & (times < start + 0.06)
        slow = (times >= start + 0.06) & (times < end)
        velocity[fast] -= size / 0.06
        if slow.any():
            velocity[slow] += size / max(end - start - 0.06, 1e-3)
    return velocity


def test_a_slowing_jerk_series_of_uneven_jerks_keeps_its_beat() -> None:
    """Jerks 30 % uneven in size, slowing from 2.7 to 2.0 Hz: a clonic rhythm by its beat,
    although its waveform does not repeat well; kicks at uneven intervals have no beat."""
    from tremorwatch.analysis.features import classify, jerk_timing_regularity

    fs_hz = 100.0
    rng = np.random.default_rng(5)
    rates = np.linspace(2.7, 2.0, 16)
    jerk_times = 0.2 + np.concatenate(([0.0], np.cumsum(1.0 / rates[:-1])))
    sizes = rng.uniform(0.7, 1.3, jerk_times.size)
    velocity = _jerk_velocity(jerk_times, sizes, fs_hz, jerk_times[-1] + 0.5)
    velocity += rng.normal(0, 0.3, velocity.size)
    assert jerk_timing_regularity(velocity, fs_hz=fs_hz, frequency_hz=2.3) >= 0.75
    features = measure_episode(velocity, fs_hz=fs_hz, is_velocity=True)
    assert classify(features) == MotionPattern.CLONIC
    kicks = np.sort(rng.uniform(0.2, 7.0, 16))
    kicking = _jerk_velocity(kicks, rng.uniform(0.5, 1.5, kicks.size), fs_hz, 7.5)
    kicking += rng.normal(0, 0.3, kicking.size)
    assert jerk_timing_regularity(kicking, fs_hz=fs_hz, frequency_hz=2.3) < 0.5


def test_a_handling_burst_is_masked_and_the_rhythm_around_it_judged() -> None:
    """A 6 Hz tremor of 1.5 m/s² for 14 s with a carer's 1.5 s handling burst (broadband, 25
    m/s² RMS, far more than a limb moves) in its middle: the tremor either side is found at its
    frequency, and the burst itself is not reported as movement."""
    rng = np.random.default_rng(5)
    times = np.arange(0, 14, 1 / FS_HZ)
    samples = _noise(times.size, 5)
    samples[:, 2] += STANDARD_GRAVITY_M_S2
    samples[:, 0] += 1.5 * np.sin(2 * np.pi * 6.0 * times)
    burst = (times >= 5.0) & (times < 6.5)
    samples[burst] += bandpass(
        rng.normal(0.0, 25.0, (int(burst.sum()), 3)), fs_hz=FS_HZ, low_hz=0.5, high_hz=15.0
    ) * (25.0 / 14.0)
    result = analyse_accelerometer(_signal(samples)).result
    tremors = [e for e in result.episodes if e.pattern == MotionPattern.TREMOR]
    assert tremors, result.episodes
    covered = sum(e.duration_s for e in tremors)
    assert covered > 9.0, result.episodes
    assert all(e.frequency_hz is not None and abs(e.frequency_hz - 6.0) < 0.1 for e in tremors)
    assert not any(e.start_s < 6.0 < e.end_s for e in result.episodes), result.episodes


def test_a_tremor_beside_rocking_is_judged_in_its_own_band() -> None:
    """A 7.5 Hz tremor of 1.8 m/s² in a 2.6 s piece (between a gap and the recording's end)
    with a carer's 0.7 Hz rocking of 2 m/s² left in it (too short for the sway's 4 s windows):
    in the velocity integrated above 0.4 Hz the rocking outweighs the tremor by the ratio of
    their frequencies and the piece read as irregular; above the sway band it is a tremor at
    its frequency. A slow jerk series keeps the full trace (judged at its fundamental)."""
    from tremorwatch.analysis.imu import tremor_band_velocity
    from tremorwatch.analysis.spectral import integrate

    times = np.arange(0, 2.6, 1 / FS_HZ)
    rng = np.random.default_rng(7)
    along = (
        2.0 * np.sin(2 * np.pi * 0.7 * times + 0.4)
        + 1.8 * np.sin(2 * np.pi * 7.5 * times)
        + rng.normal(0.0, 0.03, times.size)
    )
    velocity = integrate(along, fs_hz=FS_HZ, low_hz=0.4)
    full = measure_episode(velocity, fs_hz=FS_HZ, amplitude_trace=along, is_velocity=True)
    assert full.rhythmicity < 0.75  # the failure this guards against
    chosen = tremor_band_velocity(along, velocity, fs_hz=FS_HZ)
    features = measure_episode(chosen, fs_hz=FS_HZ, amplitude_trace=along, is_velocity=True)
    assert features.rhythmicity >= 0.75
    assert features.frequency_hz is not None and abs(features.frequency_hz - 7.5) < 0.3

    slow_times = np.arange(0, 6, 1 / FS_HZ)
    jerks = _sawtooth_acceleration(slow_times, frequency_hz=1.5, peak_m=0.01)
    jerk_velocity = integrate(jerks, fs_hz=FS_HZ, low_hz=0.4)
    assert tremor_band_velocity(jerks, jerk_velocity, fs_hz=FS_HZ) is jerk_velocity


def test_kicking_is_not_made_rhythmic_in_the_tremor_band() -> None:
    """Random kicking (low-passed noise, 3 m/s²) stays irregular with the tremor band tried."""
    from tremorwatch.analysis.imu import tremor_band_velocity
    from tremorwatch.analysis.spectral import integrate

    for seed in range(5):
        rng = np.random.default_rng(seed)
        along = bandpass(rng.normal(0.0, 3.0, 500), fs_hz=FS_HZ, low_hz=0.5, high_hz=6.0)
        velocity = integrate(along, fs_hz=FS_HZ, low_hz=0.4)
        chosen = tremor_band_velocity(along, velocity, fs_hz=FS_HZ)
        features = measure_episode(chosen, fs_hz=FS_HZ, amplitude_trace=along, is_velocity=True)
        assert features.rhythmicity < 0.75, (seed, features)


def test_a_small_tremor_is_judged_against_the_noise_floor() -> None:
    """A 9 Hz tremor of 0.25 m/s² (peak; its RMS, 0.18, lay under the former fixed 0.2 floor)
    on a sensor whose noise is 0.02 m/s² per axis, after 4 s of stillness: found as tremor at
    its frequency; the still part is not reported."""
    times = np.arange(0, 12, 1 / FS_HZ)
    samples = np.random.default_rng(9).normal(0.0, 0.02, (times.size, 3))
    samples[:, 2] += STANDARD_GRAVITY_M_S2
    moving = times >= 4.0
    samples[moving, 1] += 0.25 * np.sin(2 * np.pi * 9.0 * times[moving])
    detail = analyse_accelerometer(_signal(samples))
    assert detail.threshold < 0.17
    tremors = [e for e in detail.result.episodes if e.pattern == MotionPattern.TREMOR]
    assert tremors, detail.result.episodes
    assert sum(e.duration_s for e in tremors) > 6.0
    assert all(e.frequency_hz is not None and abs(e.frequency_hz - 9.0) < 0.1 for e in tremors)
    assert not any(e.end_s < 3.5 for e in detail.result.episodes), detail.result.episodes
