"""Known-answer tests of the spectral core on synthetic signals of known frequency and shape.

Tolerances: frequencies within 0.05 Hz (10 s at 100 Hz gives a 0.1 Hz FFT bin; the parabolic
refinement of the zero-padded peak is far better than half a bin for a clean sinusoid).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import sawtooth

from tremorwatch.analysis.spectral import (
    autocorrelation_at_period,
    bandpass,
    dominant_frequency,
    integrate,
    remove_frequencies,
    velocity_skewness,
)

FS = 100.0
T = np.arange(int(10 * FS)) / FS


@pytest.mark.parametrize("frequency", [0.8, 2.0, 4.3, 6.0, 9.7, 12.0, 30.0])
def test_dominant_frequency_of_a_sinusoid(frequency: float) -> None:
    peak = dominant_frequency(np.sin(2 * np.pi * frequency * T), fs_hz=FS, band_hz=(0.5, 45.0))
    assert peak is not None
    assert peak.frequency_hz == pytest.approx(frequency, abs=0.05)
    assert peak.concentration > 0.9


def test_dominant_frequency_respects_the_band_and_flat_input() -> None:
    two_tones = np.sin(2 * np.pi * 3.0 * T) + 0.5 * np.sin(2 * np.pi * 8.0 * T)
    peak = dominant_frequency(two_tones, fs_hz=FS, band_hz=(5.0, 12.0))
    assert peak is not None and peak.frequency_hz == pytest.approx(8.0, abs=0.05)
    assert dominant_frequency(np.zeros(500), fs_hz=FS, band_hz=(0.5, 45.0)) is None


def test_noise_has_low_concentration_and_autocorrelation() -> None:
    noise = np.random.default_rng(0).normal(size=T.size)
    peak = dominant_frequency(noise, fs_hz=FS, band_hz=(0.5, 45.0))
    assert peak is not None and peak.concentration < 0.3
    assert autocorrelation_at_period(noise, fs_hz=FS, frequency_hz=peak.frequency_hz) < 0.3


def test_autocorrelation_of_a_sinusoid_is_near_one() -> None:
    x = np.sin(2 * np.pi * 5.0 * T)
    assert autocorrelation_at_period(x, fs_hz=FS, frequency_hz=5.0) > 0.98
    # fewer than two periods in the window: no evidence of rhythm
    assert autocorrelation_at_period(x[:30], fs_hz=FS, frequency_hz=5.0) == 0.0


def test_velocity_skewness_separates_sawtooth_from_sinusoid() -> None:
    """A 20 %-fast-phase saw-tooth has velocity skewness 1.5 in theory; a sine has 0."""
    saw = sawtooth(2 * np.pi * 2.0 * T, width=0.8)
    sine = np.sin(2 * np.pi * 2.0 * T)
    assert velocity_skewness(saw, fs_hz=FS, frequency_hz=2.0) > 1.0
    assert velocity_skewness(sine, fs_hz=FS, frequency_hz=2.0) < 0.1


def test_bandpass_removes_offset_and_keeps_the_band() -> None:
    x = 9.81 + np.sin(2 * np.pi * 6.0 * T)
    y = bandpass(x, fs_hz=FS, low_hz=0.3, high_hz=None)
    assert abs(float(y[100:-100].mean())) < 0.01
    assert float(np.std(y[100:-100])) == pytest.approx(1 / np.sqrt(2), rel=0.02)


@pytest.mark.parametrize("shape", [(2,), (5,), (60,), (300,), (61, 2), (200, 7)])
@pytest.mark.parametrize(("low", "high"), [(0.4, None), (None, 5.0), (1.0, 8.0)])
def test_bandpass_is_scipys_zero_phase_filter(
    shape: tuple[int, ...], low: float | None, high: float | None
) -> None:
    """The filter with cached initial conditions gives what ``sosfiltfilt`` gives, for short
    and long inputs, one column or several."""
    from scipy.signal import butter, sosfiltfilt

    samples = np.random.default_rng(0).normal(size=shape).cumsum(axis=0)
    if low and high:
        sos = butter(2, [low, high], btype="bandpass", fs=30.0, output="sos")
    elif low:
        sos = butter(4, low, btype="highpass", fs=30.0, output="sos")
    else:
        sos = butter(4, high, btype="lowpass", fs=30.0, output="sos")
    padlen = max(min(shape[0] - 1, int(3 * 30.0 / (low or high or 1.0))), 0)
    expected = sosfiltfilt(sos, samples, axis=0, padlen=padlen)
    filtered = bandpass(samples, fs_hz=30.0, low_hz=low, high_hz=high)
    np.testing.assert_allclose(filtered, expected, rtol=1e-12, atol=1e-12)


def test_integrate_turns_acceleration_into_velocity() -> None:
    """v = integral of -w^2 A sin(wt) = A w cos(wt): amplitude A*w within 3 % away from edges."""
    w = 2 * np.pi * 6.0
    accel = -(w**2) * 0.001 * np.sin(w * T)
    velocity = integrate(accel, fs_hz=FS, low_hz=0.4)
    assert float(np.max(np.abs(velocity[200:-200]))) == pytest.approx(0.001 * w, rel=0.03)


def test_remove_frequencies_takes_out_only_the_named_bands() -> None:
    kept = np.sin(2 * np.pi * 5.0 * T)
    mixed = kept + 0.8 * np.sin(2 * np.pi * 17.0 * T)
    out = remove_frequencies(mixed, fs_hz=FS, centres_hz=[17.0], half_width_hz=0.5)
    assert np.max(np.abs(out - kept)) < 1e-6
    assert remove_frequencies(mixed, fs_hz=FS, centres_hz=[], half_width_hz=0.5) is mixed
