"""Write a synthetic accelerometer CSV (``time_s, ax, ay, az``) with exact ground truth.

The limb's displacement (millimetres, from :func:`.waveforms.movement_waveform`) is built on a
1 kHz grid, smoothed (20 ms) so a clonic fast phase has finite acceleration, differentiated
twice, and sampled at uneven times along a fixed direction, with gravity on a slowly tilting
axis, sensor noise and optional gaps (samples dropped, as phones do under load).
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

import numpy as np

from tremorwatch.analysis.synthetic.waveforms import (
    GroundTruth,
    SyntheticPattern,
    movement_waveform,
)

STANDARD_GRAVITY_M_S2 = 9.80665


def write_synthetic_accelerometer_csv(
    path: Path | str,
    *,
    pattern: SyntheticPattern = "tremor",
    frequency_hz: float | None = 6.0,
    amplitude_mm: float | None = None,
    duration_s: float = 20.0,
    fs_hz: float = 100.0,
    active_s: tuple[float, float] | None = None,
    jitter: float = 0.2,
    gaps_s: tuple[tuple[float, float], ...] = (),
    noise_m_s2: float = 0.03,
    units: Literal["m/s2", "g"] = "m/s2",
    time_format: Literal["seconds", "iso"] = "seconds",
    columns: tuple[str, str, str, str] = ("time_s", "ax", "ay", "az"),
    seed: int = 0,
) -> GroundTruth:
    """Write the CSV and return the ground truth (amplitude in millimetres).

    Parameters
    ----------
    pattern, frequency_hz
        Movement pattern and its frequency in Hz (tremor, clonic).
    amplitude_mm
        Peak displacement in mm; default 1 mm for tremor, 4 for clonic, 60 for kicking.
    duration_s, fs_hz
        Length (s) and mean sampling rate (Hz).
    active_s
        ``(start, end)`` of the movement, s; default 2 s to ``duration_s - 2``.
    jitter
        Sampling intervals vary by +-``jitter`` of the mean interval.
    gaps_s
        ``(start, end)`` stretches with no samples.
    noise_m_s2
        Standard deviation of the sensor noise, m/s².
    units, time_format, columns
        File layout: m/s² or g, times in seconds or ISO 8601, column names.
    seed
        Random seed.
    """
    from scipy.ndimage import uniform_filter1d

    rng = np.random.default_rng(seed)
    amplitude = {"tremor": 1.0, "clonic": 4.0, "kicking": 60.0, "still": 0.0}[pattern]
    amplitude = amplitude if amplitude_mm is None else amplitude_mm
    window = active_s or (min(2.0, duration_s / 4), max(duration_s - 2.0, duration_s * 3 / 4))
    fine_rate = 1000.0
    fine_t = np.arange(int(duration_s * fine_rate) + 1) / fine_rate
    displacement_m = 1e-3 * movement_waveform(
        fine_t,
        pattern=pattern,
        frequency_hz=frequency_hz,
        amplitude=amplitude,
        active_s=window,
        seed=seed + 1,
    )
    smooth = uniform_filter1d(uniform_filter1d(displacement_m, 20), 20)
    accel = np.gradient(np.gradient(smooth, fine_t), fine_t)
    steps = rng.uniform(1 - jitter, 1 + jitter, int(duration_s * fs_hz * 1.5)) / fs_hz
    times = np.concatenate(([0.0], np.cumsum(steps)))
    times = times[times <= duration_s]
    for lo, hi in gaps_s:
        times = times[(times < lo) | (times > hi)]
    along = np.interp(times, fine_t, accel)
    direction = np.array([0.8, 0.5, 0.33])
    direction /= np.linalg.norm(direction)
    tilt = 0.2 * np.sin(2 * np.pi * 0.05 * times)
    gravity = STANDARD_GRAVITY_M_S2 * np.column_stack(
        [np.sin(tilt), np.zeros_like(tilt), np.cos(tilt)]
    )
    values = (
        gravity + along[:, None] * direction[None, :] + rng.normal(0, noise_m_s2, (times.size, 3))
    )
    if units == "g":
        values = values / STANDARD_GRAVITY_M_S2
    start = datetime(2026, 1, 5, 10, 0, 0, tzinfo=UTC)
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for t, (ax, ay, az) in zip(times, values, strict=True):
            stamp = (
                (start + timedelta(seconds=float(t))).isoformat()
                if time_format == "iso"
                else f"{t:.4f}"
            )
            writer.writerow([stamp, f"{ax:.5f}", f"{ay:.5f}", f"{az:.5f}"])
    return GroundTruth(
        pattern=pattern,
        frequency_hz=frequency_hz if pattern in ("tremor", "clonic") else None,
        amplitude=float(amplitude),
        episodes_s=[window] if pattern != "still" else [],
        duration_s=float(times[-1]),
        fps=float(fs_hz),
        sample_times_s=times,
    )
