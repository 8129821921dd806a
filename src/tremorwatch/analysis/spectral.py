"""Spectral core: filtering, dominant frequency, rhythmicity and waveform asymmetry.

All functions take evenly sampled 1-D arrays with their rate in Hz; frequencies are in Hz.

References
----------
.. [1] Welch P. (1967). The use of fast Fourier transform for the estimation of power spectra.
   IEEE Trans Audio Electroacoust 15(2):70-73.
.. [2] Timmer J, Gantert C, Deuschl G, Honerkamp J. (1993). Characteristics of hand tremor
   time series. Biol Cybern 70:75-80 (tremor as a narrow-band oscillation; peak frequency and
   spectral concentration as its measures).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from tremorwatch.errors import RecordingError

FloatArray = NDArray[np.float64]
#: Periods shorter than this many samples are upsampled before the autocorrelation.
MIN_PERIOD_SAMPLES = 12.0


def bandpass(
    samples: FloatArray, *, fs_hz: float, low_hz: float | None, high_hz: float | None
) -> FloatArray:
    """Zero-phase Butterworth filter (4th order) along the first axis.

    ``low_hz=None`` gives a low-pass, ``high_hz=None`` a high-pass filter; a low edge under 0.1 % or a
    high edge over 99 % of the Nyquist frequency is dropped. Short inputs are padded by reflection.

    This is SciPy's ``sosfiltfilt`` (odd extension, initial conditions scaled to the first
    sample, forward and backward pass) with the filter's initial conditions computed once per
    design rather than on every call: the frequency track filters dozens of 2 s windows per
    episode, where that solve cost more than the filtering.
    """
    from scipy.signal import sosfilt

    nyquist = fs_hz / 2.0
    low = low_hz if low_hz is not None and low_hz > 0.001 * nyquist else None
    high = high_hz if high_hz is not None and high_hz < 0.99 * nyquist else None
    if low is None and high is None:
        return samples.astype(np.float64, copy=True)
    design, zi = _butterworth(low, high, fs_hz)
    sos = design.copy()  # SciPy wants it writable
    padlen = max(min(samples.shape[0] - 1, int(3 * fs_hz / (low or high or 1.0))), 0)
    padded = _odd_extension(np.asarray(samples, dtype=np.float64), padlen)
    state = zi.reshape(zi.shape + (1,) * (padded.ndim - 1))
    forward, _ = sosfilt(sos, padded, axis=0, zi=state * padded[0])
    backward, _ = sosfilt(sos, forward[::-1], axis=0, zi=state * forward[-1])
    filtered: FloatArray = np.ascontiguousarray(backward[::-1][padlen : padded.shape[0] - padlen])
    return filtered


def _odd_extension(samples: FloatArray, count: int) -> FloatArray:
    """``samples`` extended by ``count`` points at each end, point-reflected about the end
    samples (SciPy's ``odd_ext`` along the first axis)."""
    if count == 0:
        return samples
    before = 2 * samples[0] - samples[count:0:-1]
    after = 2 * samples[-1] - samples[-2 : -(count + 2) : -1]
    return np.concatenate([before, samples, after])


@lru_cache(maxsize=64)
def _butterworth(
    low_hz: float | None, high_hz: float | None, fs_hz: float
) -> tuple[FloatArray, FloatArray]:
    """Second-order sections of the filter and their steady-state initial conditions, designed
    once per edges and rate (the design costs more than filtering a short episode)."""
    from scipy.signal import butter, sosfilt_zi

    nyquist = fs_hz / 2
    if low_hz is not None and low_hz >= 0.95 * nyquist:
        # A band can only be kept below half the sampling rate: a recording sampled this slowly
        # (a damaged file whose frames are far apart) holds nothing of it to measure.
        raise RecordingError(
            f"The recording has only {fs_hz:.1f} samples a second, too few to measure shaking "
            f"above {low_hz:.1f} Hz. Record or copy the file again."
        )
    if high_hz is not None and low_hz is not None and high_hz <= low_hz:
        high_hz = None  # the band's top lies above what this rate holds: keep all above low_hz
    if low_hz is not None and high_hz is not None:
        sos = butter(2, [low_hz, high_hz], btype="bandpass", fs=fs_hz, output="sos")
    elif low_hz is not None:
        sos = butter(4, low_hz, btype="highpass", fs=fs_hz, output="sos")
    else:
        sos = butter(4, high_hz, btype="lowpass", fs=fs_hz, output="sos")
    sos = np.asarray(sos, dtype=np.float64)
    sos.flags.writeable = False
    zi = np.asarray(sosfilt_zi(sos), dtype=np.float64)
    zi.flags.writeable = False
    return sos, zi


@dataclass(frozen=True)
class SpectralPeak:
    """The dominant oscillation of a stretch of signal.

    Attributes
    ----------
    frequency_hz
        Peak frequency, refined by parabolic interpolation between FFT bins (Hz).
    concentration
        Share (0-1) of the in-band power within +-15 % of the peak and its 2nd and 3rd
        harmonics: near 1 for a periodic signal, small for broadband movement.
    """

    frequency_hz: float
    concentration: float


def dominant_frequency(
    samples: FloatArray, *, fs_hz: float, band_hz: tuple[float, float]
) -> SpectralPeak | None:
    """Frequency of the strongest spectral peak within ``band_hz``.

    A Hann-windowed periodogram zero-padded to at least 8x the length (0.02 Hz grid for
    10 s at 30 Hz) gives the peak; returns ``None`` for a flat or too short input.

    Returns
    -------
    SpectralPeak or None
        Peak frequency in Hz and its spectral concentration.
    """
    n = samples.shape[0]
    if n < 8 or not np.any(samples):
        return None
    freqs, spectrum = _periodogram(samples, fs_hz=fs_hz)
    in_band = (freqs >= band_hz[0]) & (freqs <= band_hz[1])
    if not np.any(in_band) or spectrum[in_band].sum() <= 0:
        return None
    band_idx = np.flatnonzero(in_band)
    inner = band_idx[(band_idx > 0) & (band_idx < spectrum.size - 1)]
    is_local_max = (spectrum[inner] >= spectrum[inner - 1]) & (
        spectrum[inner] > spectrum[inner + 1]
    )
    candidates = inner[is_local_max]
    if candidates.size == 0:
        return None  # power only rising towards slower movement: drift, not an oscillation
    peak = int(candidates[np.argmax(spectrum[candidates])])
    offset = 0.0
    if 0 < peak < spectrum.size - 1:
        a, b, c = np.log(spectrum[peak - 1 : peak + 2] + 1e-30)
        denom = a - 2 * b + c
        offset = 0.5 * (a - c) / denom if denom != 0 else 0.0
    frequency = float(freqs[peak] + offset * (freqs[1] - freqs[0]))
    return SpectralPeak(
        frequency_hz=frequency,
        concentration=_concentration(freqs, spectrum, in_band, frequency, fs_hz=fs_hz, n=n),
    )


def _periodogram(samples: FloatArray, *, fs_hz: float) -> tuple[FloatArray, FloatArray]:
    """Frequencies and power of a Hann-windowed periodogram zero-padded to at least 8x the
    length (and a 0.02 Hz grid)."""
    n = samples.shape[0]
    detrended = samples - samples.mean()
    n_fft = int(2 ** np.ceil(np.log2(max(8 * n, int(fs_hz / 0.02)))))
    spectrum: FloatArray = np.abs(np.fft.rfft(detrended * np.hanning(n), n=n_fft)) ** 2
    freqs: FloatArray = np.fft.rfftfreq(n_fft, d=1.0 / fs_hz).astype(np.float64)
    return freqs, spectrum


def _concentration(
    freqs: FloatArray,
    spectrum: FloatArray,
    in_band: NDArray[np.bool_],
    frequency: float,
    *,
    fs_hz: float,
    n: int,
    harmonics: int = 3,
) -> float:
    near = np.zeros_like(in_band)
    for harmonic in range(1, harmonics + 1):
        centre = harmonic * frequency
        near |= np.abs(freqs - centre) <= max(0.15 * frequency, 2.0 * fs_hz / n)
    concentration = float(spectrum[in_band & near].sum() / spectrum[in_band].sum())
    return min(1.0, concentration)


def peak_at(
    samples: FloatArray,
    *,
    fs_hz: float,
    band_hz: tuple[float, float],
    frequency_hz: float,
    harmonics: int = 3,
) -> tuple[SpectralPeak, float]:
    """The oscillation at ``frequency_hz`` as :func:`dominant_frequency` measures a peak, and
    the power within +-15 % of that frequency as a share of the power within +-15 % of the
    strongest peak in ``band_hz`` (1 when it is the strongest). The concentration counts the
    first ``harmonics`` harmonics (three, as :func:`dominant_frequency`, unless told).

    Returns
    -------
    (SpectralPeak, float)
        The peak (concentration of its harmonic series) and its relative power.
    """
    n = samples.shape[0]
    freqs, spectrum = _periodogram(samples, fs_hz=fs_hz)
    in_band = (freqs >= band_hz[0]) & (freqs <= band_hz[1])
    if n < 8 or not np.any(in_band) or spectrum[in_band].sum() <= 0:
        return SpectralPeak(frequency_hz, 0.0), 0.0
    strongest = float(freqs[in_band][np.argmax(spectrum[in_band])])
    own = float(spectrum[in_band & (np.abs(freqs - frequency_hz) <= 0.15 * frequency_hz)].sum())
    top = float(spectrum[in_band & (np.abs(freqs - strongest) <= 0.15 * strongest)].sum())
    concentration = _concentration(
        freqs, spectrum, in_band, frequency_hz, fs_hz=fs_hz, n=n, harmonics=harmonics
    )
    return SpectralPeak(frequency_hz, concentration), own / top if top > 0 else 0.0


def autocorrelation_at_period(samples: FloatArray, *, fs_hz: float, frequency_hz: float) -> float:
    """Highest normalised autocorrelation within +-20 % of the lag ``1/frequency_hz``.

    Each lag is normalised by the energy of its two overlapping parts, so a pure sinusoid
    scores close to 1 whatever the window length; noise and irregular movement score near 0.
    Periods shorter than 12 samples (fast tremor near the Nyquist limit) are upsampled first.

    Returns
    -------
    float
        Autocorrelation in -1..1 (0 when the window holds fewer than two periods).
    """
    period = fs_hz / frequency_hz
    if period < MIN_PERIOD_SAMPLES and samples.shape[0] >= 8:
        # a period of 2.5 samples has no integer lag near it: band-limited upsampling first
        from scipy.signal import resample

        factor = int(np.ceil(MIN_PERIOD_SAMPLES / period))
        samples = resample(samples, samples.shape[0] * factor)
        period *= factor
    n = samples.shape[0]
    lo, hi = int(np.floor(0.8 * period)), int(np.ceil(1.2 * period))
    if hi >= n // 2 or lo < 1:
        return 0.0
    x = samples - samples.mean()
    energy = float(np.dot(x, x))
    if energy <= 0:
        return 0.0
    best = -1.0
    for lag in range(lo, hi + 1):
        a, b = x[:-lag], x[lag:]
        denom = float(np.sqrt(np.dot(a, a) * np.dot(b, b)))
        if denom > 0:
            best = max(best, float(np.dot(a, b)) / denom)
    return best


def remove_frequencies(
    samples: FloatArray, *, fs_hz: float, centres_hz: list[float], half_width_hz: float
) -> FloatArray:
    """``samples`` (1-D) without the components within ``half_width_hz`` of each centre.

    The bins are zeroed in the discrete Fourier transform of the whole input, so this is for
    judging a signal (its rhythm), not for filtering one that is shown or measured.
    """
    if not centres_hz or samples.shape[0] < 2:
        return samples
    spectrum = np.fft.rfft(samples)
    freqs = np.fft.rfftfreq(samples.shape[0], d=1.0 / fs_hz)
    for centre in centres_hz:
        spectrum[np.abs(freqs - centre) <= half_width_hz] = 0.0
    kept: FloatArray = np.fft.irfft(spectrum, n=samples.shape[0])
    return kept


def velocity_skewness(
    samples: FloatArray, *, fs_hz: float, frequency_hz: float, is_velocity: bool = False
) -> float:
    """Skewness of the velocity of a displacement signal: the fast/slow phase asymmetry.

    A saw-tooth (slow drift one way, fast jerk back) has a velocity that is small most of the
    time and large and opposite for a short phase, so its velocity skewness is large in
    magnitude (about 1.5 for a 20 % fast phase). A sinusoid has zero skewness. The signal is
    low-passed at 6x ``frequency_hz`` first so frame-to-frame noise does not dominate.
    ``is_velocity=True`` says ``samples`` already is a velocity (not differentiated again).

    Returns
    -------
    float
        Absolute skewness of the velocity (dimensionless, 0 for symmetric waveforms).
    """
    smooth = bandpass(
        samples, fs_hz=fs_hz, low_hz=0.4 * frequency_hz, high_hz=min(6 * frequency_hz, 0.45 * fs_hz)
    )
    velocity = smooth if is_velocity else np.diff(smooth)
    if velocity.size < 4:
        return 0.0
    centred = velocity - velocity.mean()
    sd = float(centred.std())
    if sd <= 0:
        return 0.0
    return abs(float(np.mean(centred**3)) / sd**3)


def integrate(
    acceleration: FloatArray, *, fs_hz: float, low_hz: float, times: int = 1
) -> FloatArray:
    """Integrate ``times`` times in the frequency domain (division by ``(2 pi i f)^times``).

    Components below ``low_hz`` (gravity, posture, integration drift) are set to zero, with a
    half-cosine taper up to ``2 * low_hz``. The input is mirrored before the transform so the
    ends do not wrap around.

    Returns
    -------
    numpy.ndarray
        Velocity (m/s from m/s², ``times=1``) or displacement (m, ``times=2``), same length.
    """
    n = acceleration.shape[0]
    mirrored = np.concatenate([acceleration, acceleration[::-1]])
    spectrum = np.fft.rfft(mirrored - mirrored.mean())
    freqs = np.fft.rfftfreq(mirrored.size, d=1.0 / fs_hz)
    gain = np.zeros(freqs.shape, dtype=np.complex128)
    above = freqs > low_hz
    gain[above] = 1.0 / (2j * np.pi * freqs[above]) ** times
    ramp = (freqs > low_hz) & (freqs < 2 * low_hz)
    gain[ramp] *= 0.5 - 0.5 * np.cos(np.pi * (freqs[ramp] - low_hz) / low_hz)
    integrated: FloatArray = np.fft.irfft(spectrum * gain, n=mirrored.size)[:n]
    return integrated
