"""Accelerometer recordings: read a CSV, resample it evenly, and measure it with the core.

The default layout is a header row with ``time_s, ax, ay, az`` (seconds, m/s²). Other layouts
are read through :class:`CsvLayout` (column names, units of g, ISO 8601 timestamps).
Gravity is removed with a 0.3 Hz high-pass filter; the movement trace of an episode is the
acceleration along its principal axis (for the amplitude, m/s²) integrated once in the
frequency domain above 0.4 Hz: a velocity, whose spectrum gives the frequency and whose
skewness gives the fast/slow phase of a clonic jerk.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from tremorwatch.analysis.features import (
    CLONIC_ONLY_BELOW_HZ,
    RHYTHMIC_THRESHOLD,
    measure_window_rhythm,
)
from tremorwatch.analysis.pipeline import (
    AnalysisDetail,
    EpisodeTrace,
    MotionMeasurement,
    analyse_measurement,
)
from tremorwatch.analysis.segment import Span, moving_rms
from tremorwatch.analysis.signal import Signal
from tremorwatch.analysis.spectral import bandpass, integrate
from tremorwatch.domain.motion import QualityIssue, SourceInfo
from tremorwatch.errors import InputError, RecordingError

STANDARD_GRAVITY_M_S2 = 9.80665
#: Gravity and posture changes are slower than this (Hz).
GRAVITY_CUTOFF_HZ = 0.3
#: Gaps longer than this (s) are not interpolated as movement; shorter ones are bridged.
MAX_BRIDGED_GAP_S = 0.25
#: Envelope threshold bounds (m/s²): above sensor noise, below a mild infant tremor.
#: Movement is judged against the recording's own noise floor (four times it, see
#: :func:`noise_floor`; issue 13, principle 2); the lower bound only guards against what
#: that floor does not see: the residual of a removed rocking (up to 0.10 m/s² on a still,
#: rocked recording of the independent generator, which read as a 2.7 Hz rhythm under a
#: bound of 0.1). At 0.2 it hid tremors of 0.17-0.24 m/s² (half their 1st-99th percentile
#: range) on sensors whose noise floor was 0.02-0.05.
MIN_THRESHOLD_M_S2 = 0.15
MAX_THRESHOLD_M_S2 = 0.5
#: Limb movement (kicks, clonic jerks, tremor up to 12 Hz and its first harmonics) lies below
#: this frequency (Hz): the activity is measured below it, and the sensor's noise floor is
#: measured above it, where only noise is (see :func:`noise_floor`).
MOVEMENT_BAND_TOP_HZ = 20.0
#: A sample further than this many robust deviations (and this many m/s²) from the median of
#: its neighbours is a glitch of the sensor or its link, not movement: a limb cannot jerk for
#: one sample and back (see :func:`remove_spikes`).
SPIKE_DEVIATIONS = 8.0
SPIKE_MIN_M_S2 = 2.0
SPIKE_NEIGHBOURS = 2
#: ... and more than this many times the distance that the recording's own samples commonly
#: reach (its :data:`SPIKE_COMMON_PERCENTILE`-th percentile): a glitch is rare.
SPIKE_COMMON_FACTOR = 2.0
SPIKE_COMMON_PERCENTILE = 99.0
MIN_DURATION_S = 3.0
MIN_SAMPLE_RATE_HZ = 10.0
#: A carer's rocking lies in this band (Hz): infants are rocked at about 0.5-1 Hz (30-60
#: cycles a minute; Vrugt & Pederson 1973, see :func:`remove_sway`).
SWAY_BAND_HZ = (0.4, 1.3)
#: Window (s, two cycles of the slowest sway) and its step (half a window) of the sway search.
SWAY_WINDOW_S = 4.0
#: A window's slow peak is a smooth sway when it holds at least this share of the window's
#: movement-band power and its third harmonic less than this share of its own power. The
#: sensor on a rocked body is a pendulum: the tilt of gravity and the tangential
#: acceleration are at the sway's frequency, the centripetal one at twice it, and nothing
#: makes a third harmonic (measured 0.002-0.01 of the fundamental on rocking alone). A
#: clonic jerk's fast phase puts more into its harmonics than into its fundamental in
#: acceleration (a harmonic's acceleration grows with the square of its order): 0.46 and
#: more at the third in nine windows of ten, on every source.
SWAY_MIN_SHARE = 0.2
SWAY_MAX_THIRD = 0.05
#: Each harmonic's power is summed within this share of its frequency either side.
SWAY_PEAK_WIDTH = 0.15
#: A carer's handling of the sensor (a tap, picking the leg up, a strap pulled) is a brief
#: broadband transient far larger than a limb's own movement: where the 0.5 s RMS of the
#: movement band exceeds both 1 g and :data:`HANDLING_FACTOR` times the recording's median
#: level, for at most :data:`HANDLING_MAX_S`, the sensor was handled (see
#: :func:`handling_mask`). Measured on the independent generator's studied seeds: handling
#: 13-35 m/s² (median RMS of each burst), limb movement 0.1-7 (90th percentile of each
#: segment), own generator and dev set under 8.
HANDLING_MIN_M_S2 = 9.81
HANDLING_FACTOR = 4.0
HANDLING_MAX_S = 3.0
#: The mask reaches out to where the level falls under this share of the burst's threshold,
#: and a quarter second (half the RMS window) further.
HANDLING_EDGE_SHARE = 0.5
#: A tremor is also judged on the acceleration integrated above this frequency (Hz): above
#: the top of the sway band, tapered up to twice it, where a pendulum's second harmonic lies
#: (see :func:`tremor_band_velocity`).
TREMOR_TRACE_LOW_HZ = SWAY_BAND_HZ[1]


@dataclass(frozen=True)
class CsvLayout:
    """How to read an accelerometer CSV.

    Attributes
    ----------
    time_column
        Name of the time column.
    time_format
        ``"seconds"`` (numbers, any origin), ``"milliseconds"`` or ``"iso"`` (ISO 8601
        timestamps such as ``2026-01-05T10:00:00.125``).
    columns
        Names of the x, y and z acceleration columns.
    units
        ``"m/s2"`` or ``"g"`` (multiplied by 9.80665).
    """

    time_column: str = "time_s"
    time_format: Literal["seconds", "milliseconds", "iso"] = "seconds"
    columns: tuple[str, str, str] = ("ax", "ay", "az")
    units: Literal["m/s2", "g"] = "m/s2"


@dataclass(frozen=True)
class AccelerometerRecording:
    """Samples as recorded: times (s from the first sample) and acceleration (m/s², (n, 3))."""

    times_s: NDArray[np.float64]
    acceleration_m_s2: NDArray[np.float64]


def _parse_time(text: str, layout: CsvLayout, line: int) -> float:
    try:
        if layout.time_format == "iso":
            return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).timestamp()
        value = float(text)
    except ValueError:
        hint = "an ISO 8601 timestamp" if layout.time_format == "iso" else "a number"
        raise RecordingError(
            f"Line {line}: time {text!r} in column {layout.time_column!r} is not {hint}. "
            "Use --time-format to say how times are written."
        ) from None
    return value / 1000.0 if layout.time_format == "milliseconds" else value


def read_accelerometer_csv(
    path: Path, *, layout: CsvLayout | None = None
) -> AccelerometerRecording:
    """Read an accelerometer CSV into times and m/s² samples, sorted, duplicates dropped.

    Raises
    ------
    RecordingError
        When the file is empty, lacks a column, or holds a value that is not a number.
    """
    layout = layout or CsvLayout()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RecordingError(f"{path.name} is not a text CSV file.") from None
    except OSError as exc:
        raise RecordingError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if len(lines) < 2:
        raise RecordingError(f"{path.name} has no data rows (a header row and samples are needed).")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(lines, dialect))
    header = [h.strip() for h in rows[0]]
    wanted = (layout.time_column, *layout.columns)
    missing = [name for name in wanted if name not in header]
    if missing:
        raise RecordingError(
            f"{path.name} has no column {', '.join(repr(m) for m in missing)}; its columns are "
            f"{', '.join(repr(h) for h in header)}. Name the columns with --time-column and "
            "--columns."
        )
    index = [header.index(name) for name in wanted]
    times = np.empty(len(rows) - 1)
    values = np.empty((len(rows) - 1, 3))
    for row_number, row in enumerate(rows[1:]):
        line = row_number + 2
        if len(row) < len(header):
            raise RecordingError(
                f"Line {line} of {path.name} has {len(row)} fields, not {len(header)}."
            )
        times[row_number] = _parse_time(row[index[0]], layout, line)
        for axis in range(3):
            cell = row[index[axis + 1]]
            try:
                values[row_number, axis] = float(cell)
            except ValueError:
                raise RecordingError(
                    f"Line {line} of {path.name}: {cell!r} in column {wanted[axis + 1]!r} is "
                    "not a number."
                ) from None
    if not (np.all(np.isfinite(times)) and np.all(np.isfinite(values))):
        raise RecordingError(f"{path.name} contains NaN or infinite values.")
    order = np.argsort(times, kind="stable")
    times, values = times[order], values[order]
    keep = np.concatenate(([True], np.diff(times) > 0))
    times, values = times[keep] - times[0], values[keep]
    if layout.units == "g":
        values = values * STANDARD_GRAVITY_M_S2
    if times.size < 16:
        raise RecordingError(f"{path.name} has only {times.size} distinct samples; 16 are needed.")
    return AccelerometerRecording(times, values)


def remove_spikes(acceleration_m_s2: NDArray[np.float64]) -> NDArray[np.float64]:
    """Single-sample glitches replaced by the median of their neighbours (a Hampel filter).

    Principle: a limb cannot jerk for one sample and back, so a sample far from the median of
    the two samples either side of it (more than :data:`SPIKE_DEVIATIONS` robust deviations
    of the recording's sample-to-median distance, and more than :data:`SPIKE_MIN_M_S2`) is a
    glitch; left in, one 47 m/s² spike outweighs a whole clonic series in the spectrum.
    But at a low sample rate a clonic jerk's fast phase is itself one or two samples (3-4
    m/s² from its neighbours at 50 Hz), and it recurs every cycle, where a glitch is rare;
    so a glitch must also lie :data:`SPIKE_COMMON_FACTOR` times beyond the distance the
    recording's samples commonly reach (:data:`SPIKE_COMMON_PERCENTILE`-th percentile).
    Before, the filter removed the jerks of a 3.4 Hz series sampled at 50 Hz, and what was
    left read as irregular.

    Returns
    -------
    numpy.ndarray
        The ``(n, 3)`` acceleration in m/s² with glitches replaced.
    """
    from scipy.ndimage import median_filter

    width = 2 * SPIKE_NEIGHBOURS + 1
    if acceleration_m_s2.shape[0] < 2 * width:
        return acceleration_m_s2
    median = median_filter(acceleration_m_s2, size=(width, 1), mode="nearest")
    distance = np.abs(acceleration_m_s2 - median)
    spread = 1.4826 * np.median(distance, axis=0)
    common = SPIKE_COMMON_FACTOR * np.percentile(distance, SPIKE_COMMON_PERCENTILE, axis=0)
    spike = distance > np.maximum(np.maximum(SPIKE_DEVIATIONS * spread, SPIKE_MIN_M_S2), common)
    cleaned: NDArray[np.float64] = np.where(spike, median, acceleration_m_s2)
    return cleaned


def noise_floor(
    acceleration_m_s2: NDArray[np.float64],
    movement_m_s2: NDArray[np.float64],
    *,
    fs_hz: float,
    valid: NDArray[np.bool_] | None = None,
) -> float:
    """The sensor's noise level in the movement band (m/s², RMS of the norm).

    Principle: movement is judged against the noise floor of the sensor, not against the
    recording's own movement. The quietest tenth of ``movement_m_s2`` (the ``(n, 3)``
    acceleration band-passed from gravity to :data:`MOVEMENT_BAND_TOP_HZ`) gives it when the
    sensor lay still for a while; a recording that moves all along (jerks then a small
    tremor) has no such part, so the noise of ``acceleration_m_s2`` is also measured where no
    limb movement is, above :data:`MOVEMENT_BAND_TOP_HZ`, and scaled to the width of the
    movement band (sensor noise is white); the lower of the two counts.
    """
    speed = np.linalg.norm(movement_m_s2, axis=1)
    if valid is not None:
        speed = speed[valid]
    if speed.size == 0:
        return 0.0
    quiet = float(np.percentile(moving_rms(speed, fs_hz=fs_hz, window_s=0.5), 10))
    top = 0.45 * fs_hz
    if top < 1.5 * MOVEMENT_BAND_TOP_HZ:
        return quiet  # too slow a sensor: no band above the movement to measure the noise in
    high = bandpass(acceleration_m_s2, fs_hz=fs_hz, low_hz=MOVEMENT_BAND_TOP_HZ, high_hz=top)
    high_speed = np.linalg.norm(high, axis=1)
    if valid is not None:
        high_speed = high_speed[valid]
    # its quietest tenth too: the noise is there all along, jerks add their own harmonics
    above = float(np.percentile(moving_rms(high_speed, fs_hz=fs_hz, window_s=0.5), 10))
    scaled = above * float(
        np.sqrt((MOVEMENT_BAND_TOP_HZ - GRAVITY_CUTOFF_HZ) / (top - MOVEMENT_BAND_TOP_HZ))
    )
    return min(quiet, scaled)


def _sway_frequency(window_m_s2: NDArray[np.float64], *, fs_hz: float) -> float | None:
    """The frequency (Hz) of a smooth sway in an ``(n, 3)`` window of movement-band
    acceleration, or ``None`` when its slow movement is not one (see :func:`remove_sway`)."""
    n = window_m_s2.shape[0]
    centred = window_m_s2 - window_m_s2.mean(axis=0)
    n_fft = int(2 ** np.ceil(np.log2(8 * n)))
    taper = np.hanning(n)[:, None]
    # summed over the axes: the sway and a limb's movement may lie along different axes
    power = (np.abs(np.fft.rfft(centred * taper, n=n_fft, axis=0)) ** 2).sum(axis=1)
    freqs = np.fft.rfftfreq(n_fft, d=1.0 / fs_hz)
    movement = (freqs >= GRAVITY_CUTOFF_HZ) & (freqs <= MOVEMENT_BAND_TOP_HZ)
    total = float(power[movement].sum())
    band = np.flatnonzero((freqs >= SWAY_BAND_HZ[0]) & (freqs <= SWAY_BAND_HZ[1]))
    if total <= 0 or band.size == 0:
        return None
    peak = int(band[np.argmax(power[band])])
    if peak in (band[0], band[-1]):
        return None  # power rising out of the band: not a peak of its own
    frequency = float(freqs[peak])

    def near(order: int) -> float:
        centre = order * frequency
        return float(power[np.abs(freqs - centre) <= SWAY_PEAK_WIDTH * centre].sum())

    fundamental = near(1)
    if fundamental < SWAY_MIN_SHARE * total or near(3) >= SWAY_MAX_THIRD * fundamental:
        return None
    return frequency


def remove_sway(acceleration_m_s2: NDArray[np.float64], *, fs_hz: float) -> NDArray[np.float64]:
    """The ``(n, 3)`` gravity-free acceleration without a carer's rocking.

    Principle: a carer rocking the infant moves the whole body, and the sensor with it, in a
    smooth swing of 0.5-1 Hz (Vrugt & Pederson 1973 [1]_), where a limb's clonic jerks have a
    fast contraction and a slower relaxation (``shared/clinical/evidence.md`` 1.4: a
    saw-tooth, 1-3 Hz). So where a window's slow movement is a near-sinusoid with no third
    harmonic (:data:`SWAY_MAX_THIRD`), it is the sway: its fundamental and the pendulum's
    second harmonic are fitted (least squares, per axis) and subtracted, and what remains, a
    tremor or jerks above the sway, is judged on its own. Left in, a still infant being
    rocked read as clonic at 0.75 Hz (rhythmicity 0.99), and rocking hid a tremor (the
    dominant peak was the rocking). Windows of :data:`SWAY_WINDOW_S` overlap by half and
    are joined with Hann weights, so the removal fades in and out with the sway.

    References
    ----------
    .. [1] Vrugt DT, Pederson DR. (1973). The effects of vertical rocking frequencies on the
       arousal level in two-month-old infants. Child Development 44(1):205-209.
    """
    n = acceleration_m_s2.shape[0]
    width = round(SWAY_WINDOW_S * fs_hz)
    if n < width or fs_hz < 2.5 * SWAY_BAND_HZ[1]:
        return acceleration_m_s2
    step = width // 2
    starts = list(range(0, n - width + 1, step))
    if starts[-1] != n - width:
        starts.append(n - width)
    weights = np.hanning(width + 2)[1:-1]
    sway = np.zeros_like(acceleration_m_s2)
    total = np.zeros(n)
    found = False
    times = np.arange(width) / fs_hz
    for start in starts:
        window = acceleration_m_s2[start : start + width]
        total[start : start + width] += weights
        frequency = _sway_frequency(window, fs_hz=fs_hz)
        if frequency is None:
            continue
        found = True
        phase = 2 * np.pi * frequency * times
        basis = np.column_stack(
            [np.ones(width), np.cos(phase), np.sin(phase), np.cos(2 * phase), np.sin(2 * phase)]
        )
        coefficients, *_ = np.linalg.lstsq(basis, window, rcond=None)
        fitted = basis[:, 1:] @ coefficients[1:]  # the sway only, not the window's offset
        sway[start : start + width] += weights[:, None] * fitted
    if not found:
        return acceleration_m_s2
    cleaned: NDArray[np.float64] = acceleration_m_s2 - sway / np.maximum(total, 1e-9)[:, None]
    return cleaned


def _bandpass_stretches(
    samples: NDArray[np.float64],
    valid: NDArray[np.bool_] | None,
    *,
    fs_hz: float,
    low_hz: float | None,
    high_hz: float | None,
) -> NDArray[np.float64]:
    """:func:`bandpass` applied to each valid stretch on its own (zero elsewhere).

    Principle: a gap or a masked handling burst splits a recording into stretches that are
    judged separately; filtered across it, a 25 m/s² burst rings through the 0.3 Hz
    high-pass into seconds of the stretches either side, and a clean tremor next to it read
    as irregular.
    """
    if valid is None or valid.all():
        return bandpass(samples, fs_hz=fs_hz, low_hz=low_hz, high_hz=high_hz)
    out = np.zeros_like(samples, dtype=np.float64)
    bounds = np.flatnonzero(np.diff(np.concatenate(([0], valid.astype(np.int8), [0]))))
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        if b - a >= 4:
            out[a:b] = bandpass(samples[a:b], fs_hz=fs_hz, low_hz=low_hz, high_hz=high_hz)
    return out


def handling_mask(
    band_m_s2: NDArray[np.float64], *, fs_hz: float, valid: NDArray[np.bool_] | None = None
) -> NDArray[np.bool_]:
    """Samples of an ``(n, 3)`` movement-band acceleration during which the sensor was handled.

    Principle: handling is a brief transient much larger than the rhythm (the sensor moves
    with the carer's hand, not the limb), so it carries no information about the limb's
    movement; judged with it, the burst dominates the spectrum and autocorrelation of the
    piece it falls in, and a clonic series or tremor around it read as irregular (rhythmicity
    0.2-0.6 on the independent generator). It is masked like a gap, and the rhythm is judged
    on the parts outside it; a rhythm that continues across it at the same frequency is
    joined again into one episode (:func:`pipeline.join_across_gaps`).
    """
    n = band_m_s2.shape[0]
    mask = np.zeros(n, dtype=bool)
    speed = np.linalg.norm(band_m_s2, axis=1)
    window_s = 0.5
    envelope = moving_rms(speed, fs_hz=fs_hz, window_s=window_s)
    counted = envelope if valid is None else envelope[valid]
    if counted.size == 0:
        return mask
    level = max(HANDLING_MIN_M_S2, HANDLING_FACTOR * float(np.median(counted)))
    core = envelope > level
    if valid is not None:
        core &= valid
    edge = envelope > HANDLING_EDGE_SHARE * level
    margin = round(0.25 * fs_hz)
    bounds = np.flatnonzero(np.diff(np.concatenate(([0], core.astype(np.int8), [0]))))
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        lo, hi = int(a), int(b)
        while lo > 0 and edge[lo - 1]:
            lo -= 1
        while hi < n and edge[hi]:
            hi += 1
        if (hi - lo) / fs_hz - window_s > HANDLING_MAX_S:  # the RMS window widens it
            continue  # a long large movement is the infant's own
        mask[max(0, lo - margin) : min(n, hi + margin)] = True
    return mask


def resample_evenly(
    recording: AccelerometerRecording, *, fs_hz: float | None = None
) -> tuple[Signal, bool]:
    """Resample to an even rate (the median rate unless ``fs_hz`` is given) by linear interpolation.

    Returns
    -------
    (Signal, bool)
        The ``(n, 3)`` signal in m/s² with ``valid`` False inside gaps longer than
        ``MAX_BRIDGED_GAP_S``, and whether such gaps were found.
    """
    dt = np.diff(recording.times_s)
    rate = fs_hz or float(np.round(1.0 / np.median(dt), 3))
    n = int(np.floor(recording.times_s[-1] * rate)) + 1
    grid = np.arange(n) / rate
    samples = np.column_stack(
        [np.interp(grid, recording.times_s, recording.acceleration_m_s2[:, a]) for a in range(3)]
    )
    valid = np.ones(n, dtype=bool)
    long_gaps = np.flatnonzero(dt > max(MAX_BRIDGED_GAP_S, 3.0 / rate))
    for gap in long_gaps:
        lo, hi = recording.times_s[gap], recording.times_s[gap + 1]
        valid[(grid > lo) & (grid < hi)] = False
    return Signal(samples, rate, "m/s2", "accelerometer", valid=valid), bool(long_gaps.size)


def tremor_band_velocity(
    along_m_s2: NDArray[np.float64], velocity: NDArray[np.float64], *, fs_hz: float
) -> NDArray[np.float64]:
    """The velocity in which a stretch's movement repeats best: ``velocity`` (acceleration
    integrated above 0.4 Hz), or the acceleration ``along_m_s2`` integrated above
    :data:`TREMOR_TRACE_LOW_HZ` when a tremor repeats there and not in the full trace.

    Principle: integration divides each component by its frequency, so in the full velocity
    a 0.7 Hz rocking left beside a tremor, the edge of a gap or a slow drift of posture
    outweighs a 1-2 m/s² tremor at 4-12 Hz that dominates the acceleration, and the
    stretch read as irregular (rhythmicity 0-0.6 on tremors of the independent generator
    that repeat at 0.73-0.99 above the sway band). A tremor is judged in its own band,
    above a carer's rocking and its pendulum harmonic (:data:`SWAY_BAND_HZ`); a rhythm
    found there below :data:`~tremorwatch.analysis.features.CLONIC_ONLY_BELOW_HZ` is not
    taken (a clonic jerk's harmonic, or the filter's edge: a slow series is judged with its
    fundamental, in the full trace).
    """
    full_frequency, full_rhythmicity = measure_window_rhythm(
        velocity, fs_hz=fs_hz, is_velocity=True
    )
    if full_frequency is not None and full_rhythmicity >= RHYTHMIC_THRESHOLD:
        return velocity
    tremor = integrate(along_m_s2, fs_hz=fs_hz, low_hz=TREMOR_TRACE_LOW_HZ)
    frequency, rhythmicity = measure_window_rhythm(tremor, fs_hz=fs_hz, is_velocity=True)
    if frequency is None or frequency < CLONIC_ONLY_BELOW_HZ or rhythmicity <= full_rhythmicity:
        return velocity
    return tremor


class _AccelerationTraces:
    def __init__(self, movement: NDArray[np.float64], fs_hz: float) -> None:
        self._movement = movement
        self._fs_hz = fs_hz

    def trace(self, span: Span) -> EpisodeTrace:
        part = self._movement[span.start : span.stop]
        centred = part - part.mean(axis=0)
        _, _, axes = np.linalg.svd(centred, full_matrices=False)
        along = centred @ axes[0]
        velocity = integrate(along, fs_hz=self._fs_hz, low_hz=0.4)
        velocity = tremor_band_velocity(along, velocity, fs_hz=self._fs_hz)
        return EpisodeTrace(displacement=velocity, amplitude_trace=along, is_velocity=True)


def analyse_accelerometer(signal: Signal, *, had_gaps: bool = False) -> AnalysisDetail:
    """Analyse an evenly sampled ``(n, 3)`` acceleration signal in m/s².

    Returns
    -------
    AnalysisDetail
        Amplitudes in m/s² (typical peak acceleration along the main axis of movement).
    """
    if signal.unit != "m/s2" or signal.as_2d().shape[1] != 3:
        raise InputError("analyse_accelerometer needs an (n, 3) signal in m/s2.", field="signal")
    fs_hz = signal.fs_hz
    valid = signal.valid
    band_top = min(0.45 * fs_hz, MOVEMENT_BAND_TOP_HZ)
    gravity_free = bandpass(signal.as_2d(), fs_hz=fs_hz, low_hz=GRAVITY_CUTOFF_HZ, high_hz=None)
    if valid is not None:
        gravity_free[~valid] = 0.0
    # the carer's handling of the sensor is masked like a gap (see handling_mask); sensor
    # traces only, so video is unchanged
    recorded = signal.as_2d()
    handled = handling_mask(
        bandpass(gravity_free, fs_hz=fs_hz, low_hz=GRAVITY_CUTOFF_HZ, high_hz=band_top),
        fs_hz=fs_hz,
        valid=valid,
    )
    stretches = None  # gaps are bridged by interpolation; only a masked burst is cut out
    if handled.any():
        valid = ~handled if valid is None else valid & ~handled
        stretches = valid
        gravity_free = _bandpass_stretches(
            recorded, stretches, fs_hz=fs_hz, low_hz=GRAVITY_CUTOFF_HZ, high_hz=None
        )
    # a carer's rocking is taken out before anything is judged (see remove_sway)
    recorded = recorded - (gravity_free - remove_sway(gravity_free, fs_hz=fs_hz))
    if handled.any():
        recorded[handled] = 0.0
    movement = _bandpass_stretches(
        recorded, stretches, fs_hz=fs_hz, low_hz=GRAVITY_CUTOFF_HZ, high_hz=0.45 * fs_hz
    )
    # the activity counts the movement band only: the sensor's noise above it is not movement
    limb_band = _bandpass_stretches(
        recorded, stretches, fs_hz=fs_hz, low_hz=GRAVITY_CUTOFF_HZ, high_hz=band_top
    )
    if valid is not None:
        movement[~valid] = 0.0
        limb_band[~valid] = 0.0
    speed = np.linalg.norm(limb_band, axis=1)
    noise = noise_floor(signal.as_2d(), limb_band, fs_hz=fs_hz, valid=valid)
    threshold = float(np.clip(4.0 * noise, MIN_THRESHOLD_M_S2, MAX_THRESHOLD_M_S2))
    issues: list[QualityIssue] = []
    usable = True
    if had_gaps:
        issues.append(QualityIssue.SIGNAL_GAPS)
    if signal.duration_s < MIN_DURATION_S:
        issues.append(QualityIssue.TOO_SHORT)
        usable = False
    if fs_hz < MIN_SAMPLE_RATE_HZ:
        issues.append(QualityIssue.LOW_SAMPLE_RATE)
        usable = False
    _, _, axes = np.linalg.svd(movement - movement.mean(axis=0), full_matrices=False)
    overview = Signal(movement @ axes[0], fs_hz, "m/s2", "accelerometer", signal.start_s)
    measurement = MotionMeasurement(
        activity=Signal(speed, fs_hz, "m/s2", "accelerometer", signal.start_s, valid=valid),
        threshold=threshold,
        traces=_AccelerationTraces(movement, fs_hz),
        overview=overview,
        amplitude_unit="m/s2",
    )
    source = SourceInfo(
        kind="accelerometer", duration_s=round(signal.duration_s, 3), sample_rate_hz=round(fs_hz, 3)
    )
    return analyse_measurement(measurement, source=source, issues=issues, usable=usable)


def analyse_accelerometer_csv(path: Path, *, layout: CsvLayout | None = None) -> AnalysisDetail:
    """Read, resample and analyse an accelerometer CSV (see :func:`read_accelerometer_csv`)."""
    recording = read_accelerometer_csv(path, layout=layout)
    recording = AccelerometerRecording(
        recording.times_s, remove_spikes(recording.acceleration_m_s2)
    )
    signal, had_gaps = resample_evenly(recording)
    return analyse_accelerometer(signal, had_gaps=had_gaps)
