"""The cells of a stretch are chosen by how far they move above their own still level.

Known answer: a 24x13 grid at 30 Hz, 10 s. One cell shimmers all through the clip (broadband
noise with twice the tremor's energy, as sensor noise on a fine fur texture gave on an independent-generator
tripod clip); one cell holds a 9.7 Hz tremor of 0.5 px in the last 5 s only, no larger in
speed than the shimmer. The trace of the tremor's stretch must be at the tremor's frequency
and rhythmic. Chosen by raw energy, the shimmering cell led the trace instead. Not tested: a
real clip with a flickering texture (the synthetic clip writer has none).
"""

from __future__ import annotations

import numpy as np

from tremorwatch.analysis.features import measure_window_rhythm
from tremorwatch.analysis.segment import Span
from tremorwatch.analysis.video.measure import CellTraces, _cell_activity

FS = 30.0
ROWS, COLS = 13, 24
TREMOR_HZ = 9.7


def _clip(seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n, cells = int(10 * FS), ROWS * COLS
    t = np.arange(n) / FS
    velocity = 0.3 * rng.normal(size=(n, cells, 2))  # flow noise, px/s
    shimmer = 6 * COLS + 11
    velocity[:, shimmer, :] = 18.0 * rng.normal(size=(n, 2))  # twice the tremor's energy
    displacement = np.cumsum(velocity, axis=0) / FS
    tremor = 7 * COLS + 20
    displacement[n // 2 :, tremor, 0] += 0.5 * np.sin(2 * np.pi * TREMOR_HZ * t[n // 2 :])
    return displacement.astype(np.float32)


def _traces(displacement: np.ndarray, *, with_still_levels: bool) -> CellTraces:
    activity = _cell_activity(displacement, fs_hz=FS, grid=(ROWS, COLS))
    return CellTraces(
        displacement,
        displacement,
        grid=(ROWS, COLS),
        scale=1.0,
        fs_hz=FS,
        still_px_s=activity.still if with_still_levels else None,
    )


def test_a_tremor_beside_a_shimmering_cell_is_traced_from_the_tremor() -> None:
    displacement = _clip()
    span = Span(displacement.shape[0] // 2, displacement.shape[0])
    trace = _traces(displacement, with_still_levels=True).trace(span)
    frequency, rhythmicity = measure_window_rhythm(trace.displacement, fs_hz=FS)
    assert frequency is not None and abs(frequency - TREMOR_HZ) < 0.3
    assert rhythmicity > 0.75
    # the raw energy picks the shimmer: this is what the still levels change
    raw = _traces(displacement, with_still_levels=False).trace(span)
    raw_frequency, raw_rhythmicity = measure_window_rhythm(raw.displacement, fs_hz=FS)
    assert raw_rhythmicity < 0.75 or raw_frequency is None or abs(raw_frequency - TREMOR_HZ) > 0.3


def test_a_movement_all_through_the_clip_is_still_traced() -> None:
    """No cell moves above its own still level (the tremor lasts the whole clip): the cells
    are chosen by energy, as before."""
    rng = np.random.default_rng(4)
    n, cells = int(10 * FS), ROWS * COLS
    t = np.arange(n) / FS
    displacement = np.cumsum(0.3 * rng.normal(size=(n, cells, 2)), axis=0) / FS
    displacement[:, 7 * COLS + 20, 0] += 1.0 * np.sin(2 * np.pi * TREMOR_HZ * t)
    traces = _traces(displacement.astype(np.float32), with_still_levels=True)
    trace = traces.trace(Span(0, n))
    frequency, rhythmicity = measure_window_rhythm(trace.displacement, fs_hz=FS)
    assert frequency is not None and abs(frequency - TREMOR_HZ) < 0.3
    assert rhythmicity > 0.75


def test_a_small_rhythm_beside_kicking_all_through_does_not_take_its_place() -> None:
    """Kicking goes on all through the clip (its cell never rests, so it is not above its own
    still level); a cell beside it holds a faint 1.3 Hz rhythm in the second half, far below
    the kicking's energy. The trace stays on the kicking, which does not repeat."""
    rng = np.random.default_rng(5)
    n, cells = int(10 * FS), ROWS * COLS
    t = np.arange(n) / FS
    velocity = 0.3 * rng.normal(size=(n, cells, 2))
    kick = 7 * COLS + 20
    from scipy.ndimage import gaussian_filter1d

    velocity[:, kick, :] += gaussian_filter1d(400.0 * rng.normal(size=(n, 2)), 6.0, axis=0)
    displacement = np.cumsum(velocity, axis=0) / FS
    beside = 2 * COLS + 3
    displacement[n // 2 :, beside, 0] += 0.3 * np.sin(2 * np.pi * 1.3 * t[n // 2 :])
    span = Span(n // 2, n)
    traces = _traces(displacement.astype(np.float32), with_still_levels=True)
    kicking = _traces(displacement.astype(np.float32), with_still_levels=False).trace(span)
    np.testing.assert_array_equal(traces.trace(span).displacement, kicking.displacement)
    _, rhythmicity = measure_window_rhythm(kicking.displacement, fs_hz=FS)
    assert rhythmicity < 0.75
