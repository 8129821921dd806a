"""Per-episode features and the pattern decision (tremor, clonic, irregular).

The pattern follows ``shared/spec/motion-analysis-v1.md`` and the waveform evidence of
``shared/clinical/evidence.md`` section 1.4: *tremor* is a rhythmic, near-sinusoidal
oscillation of about 4 Hz and faster; *clonic* is rhythmic jerking of about 0.5-4 Hz with a fast
and a slow phase (a saw-tooth); *irregular* is movement without a stable rhythm.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from tremorwatch.analysis.spectral import (
    SpectralPeak,
    autocorrelation_at_period,
    bandpass,
    dominant_frequency,
    peak_at,
    remove_frequencies,
    velocity_skewness,
)
from tremorwatch.domain.codes import MotionPattern

#: Lowest frequency analysed (Hz): slower movement is posture change or breathing.
MIN_FREQUENCY_HZ = 0.5
#: Highest frequency analysed, as a fraction of the sampling rate (below Nyquist, 0.5).
MAX_FREQUENCY_FRACTION = 0.45
#: Rhythmicity at or above which an episode counts as rhythmic. High, because a few kicks of
#: similar length look periodic at 1-2 Hz, and residual hand shake of the camera (8-12 Hz)
#: can lend an irregular movement a spectral peak; a real tremor or clonic series scores
#: above 0.85 on the generated clips and sensor files.
RHYTHMIC_THRESHOLD = 0.75
#: Fewer cycles than this in an episode weaken its rhythmicity proportionally.
MIN_CYCLES = 5.0
#: The same for a window of the kind segmentation (a short window holds few cycles by design).
MIN_WINDOW_CYCLES = 2.4
#: The autocorrelation is taken on the velocity low-passed at this multiple of the dominant
#: frequency (the rhythm and its first harmonics).
HARMONICS_KEPT = 4.0
#: Harmonics up to this order that fold back into the sampled band away from a harmonic (see
#: :func:`aliased_harmonics`) are removed before the repeat is judged, each over this share of
#: the dominant frequency either side. An alias closer than ``ALIAS_MATCH`` times the dominant
#: frequency to one of its multiples is left: it repeats with the rhythm.
ALIAS_ORDER = 8
ALIAS_HALF_WIDTH = 0.1
ALIAS_MATCH = 0.25
#: A peak at half the dominant frequency with at least this share of the dominant peak's
#: power makes the slower rhythm a candidate too (see :func:`_fundamental_candidates`).
SUBHARMONIC_SHARE = 0.5
#: Velocity skewness at or above which a waveform has a fast and a slow phase.
ASYMMETRY_THRESHOLD = 0.6
#: A slow rhythm at least this strong is clonic even without a clear fast/slow phase (the
#: safer reading); a weaker one needs the saw-tooth shape, or it is ordinary kicking.
STRONG_RHYTHM = 0.85
#: Below this frequency a strongly rhythmic movement is clonic whatever its shape; above the
#: upper bound it is tremor whatever its shape. Between them the waveform shape decides.
CLONIC_ONLY_BELOW_HZ = 3.5
TREMOR_ONLY_ABOVE_HZ = 4.5
#: A sensor's peak is a harmonic of a slower rhythm when the frequency a half or a third of
#: it holds at least this share of the peak's power and the trace repeats better by this
#: much at that slower period (see :func:`_fundamental`).
SUBHARMONIC_MIN_POWER = 0.2
SUBHARMONIC_GAIN = 0.2
#: Jerks (see :func:`jerk_timing_regularity`): judged up to the clonic range's top (Hz); an
#: interval is regular when it lies within this range of the dominant period and within
#: :data:`JERK_INTERVAL_CHANGE` of the interval before it; a jerk reaches at least this share
#: of the 90th percentile of the fast-phase peaks; fewer intervals than this are no series.
JERK_MAX_FREQUENCY_HZ = 4.5
JERK_PERIOD_RANGE = (0.7, 1.4)
JERK_INTERVAL_CHANGE = 0.15
JERK_MIN_HEIGHT = 0.5
JERK_MIN_INTERVALS = 4


@dataclass(frozen=True)
class EpisodeFeatures:
    """Measures of one episode's movement trace.

    Attributes
    ----------
    frequency_hz
        Dominant frequency in Hz (``None`` when no spectral peak was found).
    rhythmicity
        0-1: geometric mean of the autocorrelation of the velocity (low-passed at 4x the
        dominant frequency, aliased harmonics removed) at the dominant period (and at twice
        the period, when the episode is long enough) and the spectral concentration around
        the peak and its harmonics; scaled down for episodes of fewer than 5 cycles.
    asymmetry
        Absolute velocity skewness (0 for a sinusoid, about 1.5 for a 20 %-fast saw-tooth).
    amplitude
        Half the 5th-95th percentile range of the trace high-passed at half the dominant
        frequency (drift removed), in the trace's unit.
    """

    frequency_hz: float | None
    rhythmicity: float
    asymmetry: float
    amplitude: float


def frequency_band(fs_hz: float) -> tuple[float, float]:
    """The analysed band in Hz: 0.5 Hz up to 0.45 of the sampling rate."""
    return MIN_FREQUENCY_HZ, MAX_FREQUENCY_FRACTION * fs_hz


def measure_episode(
    trace: NDArray[np.float64],
    *,
    fs_hz: float,
    amplitude_trace: NDArray[np.float64] | None = None,
    is_velocity: bool = False,
    fundamental: bool = False,
) -> EpisodeFeatures:
    """Frequency, rhythmicity, asymmetry and amplitude of a 1-D movement trace.

    Parameters
    ----------
    trace
        Displacement (or velocity, see ``is_velocity``) along the main axis of movement, in
        any unit, evenly sampled.
    fs_hz
        Sampling rate in Hz.
    amplitude_trace
        The quantity whose amplitude is reported, if not ``trace`` itself (acceleration in
        m/s² for a sensor); same length as ``trace``.
    is_velocity
        ``trace`` is a velocity rather than a displacement. Sensors give velocity (one
        integration of acceleration): a second integration would weight low-frequency noise by
        1/f², drowning a fast tremor; the saw-tooth of a clonic jerk is then read directly
        from the skewness of the velocity.
    fundamental
        Also judge the rhythm at half the dominant frequency when the spectrum has a strong
        peak there (see :func:`_fundamental_candidates`).

    Returns
    -------
    EpisodeFeatures
    """
    band = frequency_band(fs_hz)
    filtered, velocity = _velocity(trace, fs_hz=fs_hz, is_velocity=is_velocity)
    peak = dominant_frequency(velocity, fs_hz=fs_hz, band_hz=band)
    if peak is not None and is_velocity:
        peak = _fundamental(velocity, peak, fs_hz=fs_hz, duration_s=trace.size / fs_hz)
        peak = _sensor_peak(velocity, peak, fs_hz=fs_hz)
    rhythmicity = 0.0
    if peak is not None:
        peak, rhythmicity = _best_candidate(
            velocity, peak, fs_hz=fs_hz, cycles=trace.size / fs_hz, fundamental=fundamental
        )
    measured = filtered if amplitude_trace is None else amplitude_trace
    # the swing of the oscillation, not of slower drift left in an integrated trace: below
    # half the dominant frequency nothing belongs to it (a saw-tooth's harmonics lie above)
    drift_below = band[0] * 0.8 if peak is None else max(band[0] * 0.8, 0.5 * peak.frequency_hz)
    if amplitude_trace is not None or drift_below > band[0] * 0.8:
        measured = bandpass(measured, fs_hz=fs_hz, low_hz=drift_below, high_hz=None)
    low, high = np.percentile(measured, [5, 95]) if measured.size else (0.0, 0.0)
    amplitude = float(high - low) / 2.0
    if peak is None:
        return EpisodeFeatures(None, 0.0, 0.0, amplitude)
    asymmetry = velocity_skewness(
        trace, fs_hz=fs_hz, frequency_hz=peak.frequency_hz, is_velocity=is_velocity
    )
    if (
        is_velocity
        and asymmetry >= ASYMMETRY_THRESHOLD
        and peak.frequency_hz <= JERK_MAX_FREQUENCY_HZ
    ):
        rhythmicity = max(
            rhythmicity,
            jerk_timing_regularity(velocity, fs_hz=fs_hz, frequency_hz=peak.frequency_hz),
        )
    return EpisodeFeatures(peak.frequency_hz, rhythmicity, asymmetry, amplitude)


def measure_rhythm(trace: NDArray[np.float64], *, fs_hz: float) -> tuple[float | None, float]:
    """Dominant frequency (Hz, ``None`` without a peak) and rhythmicity of a displacement trace:
    :func:`measure_episode` without the waveform shape and amplitude (the frequency track
    measures dozens of windows per episode and needs only these two)."""
    band = frequency_band(fs_hz)
    _, velocity = _velocity(trace, fs_hz=fs_hz, is_velocity=False)
    peak = dominant_frequency(velocity, fs_hz=fs_hz, band_hz=band)
    if peak is None:
        return None, 0.0
    return peak.frequency_hz, _rhythmicity(velocity, peak, fs_hz=fs_hz, cycles=trace.size / fs_hz)


def measure_window_rhythm(
    trace: NDArray[np.float64],
    *,
    fs_hz: float,
    is_velocity: bool = False,
    fundamental: bool = False,
) -> tuple[float | None, float]:
    """Dominant frequency (Hz, ``None`` without a peak) and rhythmicity of a short window.

    As :func:`measure_rhythm`, for the windows that decide where the kind of movement
    changes (:mod:`tremorwatch.analysis.kinds`): a window is short by design, so only fewer
    than :data:`MIN_WINDOW_CYCLES` cycles weaken its rhythmicity (an episode needs five).
    ``fundamental``: as for :func:`measure_episode`.
    """
    band = frequency_band(fs_hz)
    _, velocity = _velocity(trace, fs_hz=fs_hz, is_velocity=is_velocity)
    peak = dominant_frequency(velocity, fs_hz=fs_hz, band_hz=band)
    if peak is None:
        return None, 0.0
    if is_velocity:
        peak = _fundamental(velocity, peak, fs_hz=fs_hz, duration_s=trace.size / fs_hz)
        peak = _sensor_peak(velocity, peak, fs_hz=fs_hz)
    best: tuple[float | None, float] = (None, -1.0)
    for candidate in _fundamental_candidates(velocity, peak, fs_hz=fs_hz, enabled=fundamental):
        cycles = trace.size / fs_hz * candidate.frequency_hz
        rhythmicity = _rhythmicity(
            velocity,
            candidate,
            fs_hz=fs_hz,
            cycles=max(cycles, MIN_CYCLES) / candidate.frequency_hz,
        )
        if cycles < MIN_WINDOW_CYCLES:
            rhythmicity *= cycles / MIN_WINDOW_CYCLES
        if rhythmicity > best[1]:
            best = (candidate.frequency_hz, rhythmicity)
    return best


def _best_candidate(
    velocity: NDArray[np.float64],
    peak: SpectralPeak,
    *,
    fs_hz: float,
    cycles: float,
    fundamental: bool,
) -> tuple[SpectralPeak, float]:
    """The candidate rhythm (see :func:`_fundamental_candidates`) that repeats best, and its
    rhythmicity."""
    best, best_score = peak, -1.0
    for candidate in _fundamental_candidates(velocity, peak, fs_hz=fs_hz, enabled=fundamental):
        score = _rhythmicity(velocity, candidate, fs_hz=fs_hz, cycles=cycles)
        if score > best_score:
            best, best_score = candidate, score
    return best, best_score


def _fundamental_candidates(
    velocity: NDArray[np.float64], peak: SpectralPeak, *, fs_hz: float, enabled: bool
) -> list[SpectralPeak]:
    """The dominant peak and, when ``enabled`` and the spectrum has a peak near half its
    frequency with at least :data:`SUBHARMONIC_SHARE` of its power, that slower peak.

    Principle: the velocity of a saw-tooth jerk is a train of short pulses, whose harmonics
    are as strong as its fundamental; under 1 Hz the second harmonic can outweigh it (a
    0.9 Hz clonic series: power 1.0 at 1.88 Hz, 0.96 at 0.88 Hz), and the rhythm judged at
    the harmonic's period does not repeat (rhythmicity 0). Taking a harmonic for the
    fundamental is the octave error of pitch detection [1]_; the remedy is to judge the
    subharmonic too and keep the period at which the signal repeats best.

    References
    ----------
    .. [1] Hess W. (1983). Pitch Determination of Speech Signals. Springer, ch. 6.
    """
    candidates = [peak]
    band = frequency_band(fs_hz)
    half = peak.frequency_hz / 2.0
    if not enabled or half * 0.85 < band[0]:
        return candidates
    n = velocity.shape[0]
    detrended = velocity - velocity.mean()
    n_fft = int(2 ** np.ceil(np.log2(max(8 * n, int(fs_hz / 0.02)))))
    spectrum = np.abs(np.fft.rfft(detrended * np.hanning(n), n=n_fft)) ** 2
    freqs = np.fft.rfftfreq(n_fft, d=1.0 / fs_hz)
    near_peak = np.abs(freqs - peak.frequency_hz) <= 0.05 * peak.frequency_hz
    near_half = (freqs >= 0.85 * half) & (freqs <= 1.15 * half) & (freqs >= band[0])
    if not np.any(near_peak) or not np.any(near_half):
        return candidates
    indices = np.flatnonzero(near_half)
    inner = indices[(indices > 0) & (indices < spectrum.size - 1)]
    local = inner[
        (spectrum[inner] >= spectrum[inner - 1]) & (spectrum[inner] > spectrum[inner + 1])
    ]
    if local.size == 0:
        return candidates
    best = int(local[np.argmax(spectrum[local])])
    if spectrum[best] < SUBHARMONIC_SHARE * float(spectrum[near_peak].max()):
        return candidates
    frequency = float(freqs[best])
    in_band = (freqs >= band[0]) & (freqs <= band[1])
    near = np.zeros_like(in_band)
    for harmonic in (1, 2, 3):
        near |= np.abs(freqs - harmonic * frequency) <= max(0.15 * frequency, 2.0 * fs_hz / n)
    total = float(spectrum[in_band].sum())
    concentration = float(spectrum[in_band & near].sum()) / total if total > 0 else 0.0
    candidates.append(SpectralPeak(frequency_hz=frequency, concentration=min(1.0, concentration)))
    return candidates


def _fundamental(
    velocity: NDArray[np.float64], peak: SpectralPeak, *, fs_hz: float, duration_s: float
) -> SpectralPeak:
    """The fundamental of the rhythm whose strongest peak in a sensor's velocity is ``peak``.

    Principle: a rhythm repeats at its fundamental period, and its strongest spectral peak
    need not be the fundamental (an octave error, the known failure of picking a pitch from
    the largest peak; de Cheveigné & Kawahara 2002 [1]_). A sensor's trace is acceleration
    integrated once, in which each harmonic of the displacement is weighted by its order:
    the fast phase of a clonic jerk then puts as much or more into the second or third
    harmonic than into the fundamental (a 1.7 Hz series peaked at 3.4 Hz, where it does not
    repeat: rhythmicity 0.14). So a half and a third of the peak's frequency are tried
    (slowest first), and one is the rhythm when it holds at least
    :data:`SUBHARMONIC_MIN_POWER` of the peak's power and the trace repeats at its period by
    :data:`SUBHARMONIC_GAIN` better than at the peak's. A sinusoidal tremor has no power
    there and repeats as well at one period as at two, so it keeps its own frequency.

    References
    ----------
    .. [1] de Cheveigné A, Kawahara H. (2002). YIN, a fundamental frequency estimator for
       speech and music. J Acoust Soc Am 111(4):1917-1930.
    """
    band = frequency_band(fs_hz)
    own = _rhythmicity(velocity, peak, fs_hz=fs_hz, cycles=duration_s)
    for divisor in (3, 2):
        frequency = peak.frequency_hz / divisor
        if frequency < band[0]:
            continue
        candidate, power = peak_at(velocity, fs_hz=fs_hz, band_hz=band, frequency_hz=frequency)
        if power < SUBHARMONIC_MIN_POWER:
            continue
        if (
            _rhythmicity(velocity, candidate, fs_hz=fs_hz, cycles=duration_s)
            >= own + SUBHARMONIC_GAIN
        ):
            return candidate
    return peak


def jerk_timing_regularity(
    velocity: NDArray[np.float64], *, fs_hz: float, frequency_hz: float
) -> float:
    """Share (0-1) of a jerk series' intervals that follow the interval before them.

    Principle: a clonic seizure is jerking that repeats at a regular rate (ILAE 2017 [1]_:
    "regularly repetitive"; ``shared/clinical/evidence.md`` 1.4), not a repeated waveform:
    the jerks of one series differ in size and shape from one to the next (peak sizes
    varied by 20-30 % on the outside recordings, and the series slowed by up to a quarter),
    which lowers the autocorrelation and spectral concentration of the whole trace while the
    jerks keep their beat. So the fast phases are found (the peaks of the velocity on the side
    of its long tail, at least :data:`JERK_MIN_HEIGHT` of the larger ones, at most one per
    0.7 periods), and an interval counts as regular when it is within
    :data:`JERK_PERIOD_RANGE` of the dominant period and changes by less than
    :data:`JERK_INTERVAL_CHANGE` from the one before (a slowing series changes by a few per
    cent a beat). Kicks come at uneven intervals: on the outside recordings no stretch of
    kicking scored above 0.5, and the clonic series scored 0.89 (median).

    References
    ----------
    .. [1] Fisher RS, Cross JH, French JA, et al. (2017). Operational classification of
       seizure types by the International League Against Epilepsy. Epilepsia 58(4):522-530.
    """
    from scipy.signal import find_peaks

    smooth = bandpass(
        velocity,
        fs_hz=fs_hz,
        low_hz=MIN_FREQUENCY_HZ * 0.8,
        high_hz=min(6.0 * frequency_hz, MAX_FREQUENCY_FRACTION * fs_hz),
    )
    centred = smooth - smooth.mean()
    spread = float(centred.std())
    if spread <= 0:
        return 0.0
    tail = np.sign(float(np.mean(centred**3))) or 1.0
    side = tail * centred
    peaks, _ = find_peaks(side, distance=max(1, int(0.7 * fs_hz / frequency_hz)))
    if peaks.size < JERK_MIN_INTERVALS + 1:
        return 0.0
    heights = side[peaks]
    peaks = peaks[heights >= JERK_MIN_HEIGHT * np.percentile(heights, 90)]
    intervals = np.diff(peaks) / fs_hz
    if intervals.size < JERK_MIN_INTERVALS:
        return 0.0
    cycles = intervals * frequency_hz
    in_range = (cycles >= JERK_PERIOD_RANGE[0]) & (cycles <= JERK_PERIOD_RANGE[1])
    change = np.abs(np.diff(intervals)) / (0.5 * (intervals[1:] + intervals[:-1]))
    regular = in_range[1:] & in_range[:-1] & (change < JERK_INTERVAL_CHANGE)
    return float(regular.mean())


def _sensor_peak(
    velocity: NDArray[np.float64], peak: SpectralPeak, *, fs_hz: float
) -> SpectralPeak:
    """``peak`` with its concentration counted over the harmonics whose repeat is judged
    (up to :data:`HARMONICS_KEPT`), for a sensor's velocity.

    Principle: the spectral concentration asks how much of the movement belongs to one
    rhythm, and a rhythm's power lies in all its harmonics. In a velocity integrated once
    from acceleration, the sharp fast phase of a clonic jerk puts a large share into the
    fourth harmonic, which counting only three harmonics misses; the repeat of the same
    rhythm is already judged on the trace low-passed at four times its frequency.
    """
    counted, _ = peak_at(
        velocity,
        fs_hz=fs_hz,
        band_hz=frequency_band(fs_hz),
        frequency_hz=peak.frequency_hz,
        harmonics=int(HARMONICS_KEPT),
    )
    return SpectralPeak(peak.frequency_hz, max(peak.concentration, counted.concentration))


def _velocity(
    trace: NDArray[np.float64], *, fs_hz: float, is_velocity: bool
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The trace high-passed below the analysed band, and its velocity.

    Rhythm is judged on the velocity: slow random movement has a displacement spectrum that
    rises steeply towards 0 Hz (a false "peak" at the band edge); its velocity is flatter.
    """
    filtered = bandpass(trace, fs_hz=fs_hz, low_hz=frequency_band(fs_hz)[0] * 0.8, high_hz=None)
    velocity = filtered if is_velocity else np.gradient(filtered) * fs_hz
    return filtered, velocity


def _rhythmicity(
    velocity: NDArray[np.float64], peak: SpectralPeak, *, fs_hz: float, cycles: float
) -> float:
    """Rhythmicity (0-1) of a velocity trace with the dominant ``peak``, over ``cycles``
    cycles (see :class:`EpisodeFeatures`)."""
    cycles *= peak.frequency_hz
    # the repeat is judged on the rhythm and its first harmonics (a saw-tooth's shape), not on
    # faster noise such as the residual of a hand-held camera's shake
    repeat = velocity
    if HARMONICS_KEPT * peak.frequency_hz < frequency_band(fs_hz)[1]:
        repeat = bandpass(
            velocity, fs_hz=fs_hz, low_hz=None, high_hz=HARMONICS_KEPT * peak.frequency_hz
        )
    repeat = remove_frequencies(
        repeat,
        fs_hz=fs_hz,
        centres_hz=aliased_harmonics(peak.frequency_hz, fs_hz),
        half_width_hz=ALIAS_HALF_WIDTH * peak.frequency_hz,
    )
    acf = autocorrelation_at_period(repeat, fs_hz=fs_hz, frequency_hz=peak.frequency_hz)
    if cycles >= 5.2:  # room for lags up to 2.4 periods (with margin): a rhythm repeats twice
        acf = min(
            acf,
            autocorrelation_at_period(repeat, fs_hz=fs_hz, frequency_hz=peak.frequency_hz / 2),
        )
    rhythmicity = float(np.sqrt(max(acf, 0.0) * peak.concentration))
    if cycles < MIN_CYCLES:
        rhythmicity *= cycles / MIN_CYCLES  # two or three bumps are not yet a rhythm
    return min(1.0, rhythmicity)


def aliased_harmonics(frequency_hz: float, fs_hz: float) -> list[float]:
    """Where the rhythm's harmonics above the Nyquist frequency land after sampling (Hz), for
    those that do not land on a harmonic.

    A rhythm sampled at a rate that is not a whole multiple of it (12 Hz at 30 frames/s: 2.5
    frames a cycle) repeats in the samples only every few cycles. Its harmonics above half
    the sampling rate fold back to frequencies that are not multiples of the rhythm (12 Hz's
    second harmonic, 24 Hz, to 6 Hz), which turn against it at a lag of one period: a 12 Hz
    tremor with a fifth of its velocity power in that alias scored 0.71 instead of 0.87, and
    the fast phase of a 4 Hz jerk folds to 2, 6, 10 and 14 Hz. A waveform measured through
    the flow of a grid cell that the limb moves in and out of carries such harmonics.
    """
    nyquist = fs_hz / 2.0
    folded: set[float] = set()
    for order in range(2, ALIAS_ORDER + 1):
        harmonic = order * frequency_hz
        if harmonic <= nyquist:
            continue
        alias = abs(harmonic - fs_hz * round(harmonic / fs_hz))
        if abs(alias - frequency_hz * round(alias / frequency_hz)) >= ALIAS_MATCH * frequency_hz:
            folded.add(round(alias, 6))
    return sorted(folded)


def classify(features: EpisodeFeatures) -> MotionPattern:
    """The pattern of an episode from its features (see the module docstring)."""
    if features.frequency_hz is None or features.rhythmicity < RHYTHMIC_THRESHOLD:
        return MotionPattern.IRREGULAR
    frequency = features.frequency_hz
    if frequency < CLONIC_ONLY_BELOW_HZ:
        if features.asymmetry < ASYMMETRY_THRESHOLD and features.rhythmicity < STRONG_RHYTHM:
            return MotionPattern.IRREGULAR  # a loose, symmetric slow rhythm: kicking
        return MotionPattern.CLONIC
    if frequency > TREMOR_ONLY_ABOVE_HZ:
        return MotionPattern.TREMOR
    if features.asymmetry >= ASYMMETRY_THRESHOLD:
        return MotionPattern.CLONIC
    return MotionPattern.TREMOR
