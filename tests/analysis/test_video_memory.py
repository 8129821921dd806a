"""Memory of the video measurement stage: what it holds per frame, and that the banded
computation of cell speeds gives what the whole grid at once gives."""

from __future__ import annotations

import tracemalloc

import numpy as np
from scipy.ndimage import uniform_filter, uniform_filter1d

from tremorwatch.analysis.spectral import bandpass
from tremorwatch.analysis.video.flow import BYTES_PER_CELL_FRAME, FlowSeries, FlowTracker
from tremorwatch.analysis.video.measure import (
    CELL_WINDOW_S,
    SLOW_BAND_HZ,
    STILL_PERCENTILE,
    _cell_activity,
    build_measurement,
)

ROWS, COLS = 18, 24  # the grid of a 16:9 clip


def _series(frames: int, seed: int = 0) -> FlowSeries:
    rng = np.random.default_rng(seed)
    flow = (rng.standard_normal((frames, ROWS, COLS, 2)) * 0.05).astype(np.float32)
    t = np.arange(frames) / 30.0
    flow[:, 8:10, 10:12, 1] += (1.5 * np.sin(2 * np.pi * 6.0 * t)).astype(np.float32)[:, None, None]
    flow[0] = 0.0
    displacement = np.cumsum(flow, axis=0, dtype=np.float32)
    return FlowSeries(
        times_s=t,
        cell_displacement=displacement,
        limb_displacement=displacement.copy(),
        camera_shift=np.zeros((frames, 2)),
        inlier_fraction=np.ones(frames),
        luma=np.full(frames, 100.0),
        contrast=np.full(frames, 30.0),
    )


def _peak_extra_bytes(series: FlowSeries) -> int:
    """Peak bytes allocated by the measurement stage beyond its input."""
    tracemalloc.start()
    try:
        build_measurement(series, scale_to_source=2.0)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_measurement_temporaries_grow_far_slower_than_the_store() -> None:
    """Per frame, the measurement stage allocates under half of what the flow stage stores
    (0.37x here: a few grid rows of speeds and low-passed displacements at a time).

    Before the banded computation it held each cell's speed, its envelope and a low-passed
    copy of every displacement for the whole clip at once (2.3x the store per frame on this
    series); the bound fails then. The series are longer than the time blocks of
    ``_cell_power`` so that their bounded temporaries do not count as growth.
    """
    build_measurement(_series(300), scale_to_source=2.0)  # lazy imports out of the count
    short = _series(2400)
    short_peak, short_store = _peak_extra_bytes(short), 2 * short.cell_displacement.nbytes
    del short
    long = _series(7200)
    peak_growth = _peak_extra_bytes(long) - short_peak
    store_growth = 2 * long.cell_displacement.nbytes - short_store
    assert peak_growth < 0.5 * store_growth, (peak_growth, store_growth)


def test_flow_store_is_sixteen_bytes_a_cell_a_frame() -> None:
    """The tracker's store, grown from nothing over 400 frames, stays within 1.5x its
    nominal size (the growth step) and keeps the running displacement."""
    rng = np.random.default_rng(3)
    scene = (rng.random((120, 160)) * 255).astype(np.uint8)
    tracker = FlowTracker(160, 120, expected_frames=0)
    frames = 400
    for index in range(frames):
        tracker.add(index / 30.0, np.roll(scene, index % 3, axis=1))
    cells = tracker.grid[0] * tracker.grid[1]
    assert tracker.store_bytes <= 1.5 * BYTES_PER_CELL_FRAME * cells * frames + 64 * 16 * cells
    series = tracker.result()
    assert series.cell_displacement.shape == (frames, *tracker.grid, 2)
    assert not np.any(series.cell_displacement[0])  # nothing has moved at the first frame


def _whole_grid(displacement: np.ndarray, fs_hz: float, *, slow: bool) -> tuple[np.ndarray, ...]:
    """The reference: every cell's speed, envelope and still level over the whole grid."""
    flat = displacement.reshape(displacement.shape[0], -1).astype(np.float64)
    if slow:
        flat = bandpass(flat, fs_hz=fs_hz, low_hz=None, high_hz=SLOW_BAND_HZ)
    values = flat.astype(np.float32).reshape(-1, ROWS, COLS, 2)
    velocity = np.diff(values, axis=0, prepend=values[:1]) * np.float32(fs_hz)
    coherent = uniform_filter(velocity, size=(1, 2, 2, 1), mode="nearest")
    power = np.sum(coherent**2, axis=3).reshape(values.shape[0], ROWS * COLS)
    envelope = np.sqrt(
        uniform_filter1d(power, round(CELL_WINDOW_S * fs_hz), axis=0, mode="nearest")
    )
    still = np.percentile(envelope, STILL_PERCENTILE, axis=0)
    return envelope.max(axis=1), still, power.sum(axis=0, dtype=np.float64)


def test_banded_speeds_equal_the_whole_grid() -> None:
    """Four rows at a time with a row of context on each side gives every cell's speed as
    the whole grid does, broadband and slow."""
    series = _series(900, seed=5)
    displacement = series.cell_displacement.reshape(900, ROWS * COLS, 2)
    for slow in (False, True):
        top, noise, _, energy = _cell_activity(
            displacement, fs_hz=30.0, grid=(ROWS, COLS), slow=slow
        )
        ref_top, ref_still, ref_energy = _whole_grid(displacement, 30.0, slow=slow)
        np.testing.assert_allclose(top, ref_top, rtol=1e-5)
        np.testing.assert_allclose(energy, ref_energy, rtol=1e-5)
        assert abs(noise - float(np.percentile(ref_still, 90))) <= 1e-5 * noise
