"""Memory of the video measurement stage: what it holds per frame, and that the banded
computation of cell speeds gives what the whole grid at once gives."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from scipy.ndimage import uniform_filter, uniform_filter1d

from tremorwatch.analysis.spectral import bandpass
from tremorwatch.analysis.video import flow
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


def test_flow_store_is_sixteen_bytes_a_cell_a_frame_on_disk() -> None:
    """The tracker's store, over 400 frames, is exactly its nominal size, in its temporary
    files rather than in memory, keeps the running displacement, and is gone after close."""
    rng = np.random.default_rng(3)
    scene = (rng.random((120, 160)) * 255).astype(np.uint8)
    tracker = FlowTracker(160, 120)
    frames = 400
    for index in range(frames):
        tracker.add(index / 30.0, np.roll(scene, index % 3, axis=1))
    cells = tracker.grid[0] * tracker.grid[1]
    assert tracker.store_bytes == BYTES_PER_CELL_FRAME * cells * frames
    series = tracker.result()
    assert sum(os.path.getsize(p) for p in tracker.store_paths) == tracker.store_bytes
    assert series.cell_displacement.shape == (frames, *tracker.grid, 2)
    assert not np.any(series.cell_displacement[0])  # nothing has moved at the first frame
    # read back in blocks, a range of frames equals the same range of the whole
    whole = np.asarray(series.cell_displacement)
    assert whole.dtype == np.float32 and np.any(whole[-1])
    np.testing.assert_array_equal(series.cell_displacement[100:300, 2:4], whole[100:300, 2:4])
    tracker.close()
    assert not any(os.path.exists(p) for p in tracker.store_paths)


def test_store_is_read_in_bounded_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A band of rows over the whole store is read READ_BLOCK_FRAMES frames at a time and
    equals what was written."""
    monkeypatch.setattr(flow, "READ_BLOCK_FRAMES", 7)
    store = flow.DisplacementStore((ROWS, COLS, 2))
    written = np.random.default_rng(1).standard_normal((50, ROWS, COLS, 2)).astype(np.float32)
    for frame in written:
        store.append(frame)
    store.finish()
    reads: list[int] = []
    real_read = store._read

    def counting_read(start: int, stop: int) -> np.ndarray:
        reads.append(stop - start)
        block: np.ndarray = real_read(start, stop)
        return block

    monkeypatch.setattr(store, "_read", counting_read)
    np.testing.assert_array_equal(store[:, 4:8], written[:, 4:8])
    assert max(reads) == 7 and sum(reads) == 50
    flat = store.reshape(50, ROWS * COLS, 2)
    np.testing.assert_array_equal(flat[10:20, 5, :], written.reshape(50, -1, 2)[10:20, 5, :])
    store.close()
    assert not os.path.exists(store.path)
    with pytest.raises(ValueError, match="closed"):
        store[0:1]


def test_analysis_removes_its_temporary_files_after_success_and_after_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's files lie under TREMORWATCH_DATA_DIR/tmp during the analysis and are
    deleted when it ends, also when the measurement stage raises."""
    from tremorwatch.analysis.video import analyse

    monkeypatch.setenv("TREMORWATCH_DATA_DIR", str(tmp_path))
    clip = _write_clip(tmp_path / "clip.mp4")
    seen: list[list[str]] = []
    kept: list[FlowSeries] = []  # holds the stores: only an explicit close deletes the files
    real_build = analyse.build_measurement

    def spying_build(series: FlowSeries, **kwargs: float) -> object:
        seen.append(sorted(os.listdir(tmp_path / "tmp")))
        kept.append(series)
        return real_build(series, **kwargs)

    monkeypatch.setattr(analyse, "build_measurement", spying_build)
    detail = analyse.analyse_video(clip)
    assert detail.result.source.duration_s > 0
    assert len(seen[0]) == 2  # the cell and limb stores existed while measuring
    assert os.listdir(tmp_path / "tmp") == []

    def failing_build(series: FlowSeries, **kwargs: float) -> object:
        seen.append(sorted(os.listdir(tmp_path / "tmp")))
        kept.append(series)
        raise RuntimeError("measurement failed")

    monkeypatch.setattr(analyse, "build_measurement", failing_build)
    with pytest.raises(RuntimeError, match="measurement failed") as caught:
        analyse.analyse_video(clip)
    assert len(seen[1]) == 2
    assert os.listdir(tmp_path / "tmp") == []  # with the traceback and the series alive
    assert caught.value is not None and len(kept) == 2


def _write_clip(path: Path) -> Path:
    """A 2 s 160x120 clip of a textured scene with a square moving at 5 Hz."""
    import cv2

    fourcc = cv2.VideoWriter_fourcc(*"mp4v")  # type: ignore[attr-defined]
    writer = cv2.VideoWriter(str(path), fourcc, 30.0, (160, 120))
    rng = np.random.default_rng(2)
    scene = (rng.random((120, 160, 3)) * 255).astype(np.uint8)
    for index in range(60):
        frame = scene.copy()
        x = 60 + round(4 * np.sin(2 * np.pi * 5 * index / 30))
        frame[50:70, x : x + 20] = 255
        writer.write(frame)
    writer.release()
    return path


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
        top, noise, _, energy, _ = _cell_activity(
            displacement, fs_hz=30.0, grid=(ROWS, COLS), slow=slow
        )
        ref_top, ref_still, ref_energy = _whole_grid(displacement, 30.0, slow=slow)
        np.testing.assert_allclose(top, ref_top, rtol=1e-5)
        np.testing.assert_allclose(energy, ref_energy, rtol=1e-5)
        assert abs(noise - float(np.percentile(ref_still, 90))) <= 1e-5 * noise
