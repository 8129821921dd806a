"""The flow stage on frames built in memory: camera motion is removed, a moving patch is seen."""

from __future__ import annotations

import numpy as np

from tremorwatch.analysis.video.flow import FlowTracker


def _scene(rng: np.random.Generator) -> np.ndarray:
    import cv2

    noise = rng.normal(128, 40, (300, 400)).astype(np.float32)
    return np.clip(cv2.GaussianBlur(noise, (0, 0), 1.5) * 2 - 128, 0, 255).astype(np.uint8)


def test_global_shift_is_camera_and_a_moving_patch_is_limb() -> None:
    """Whole picture shifted 1.5 px right per frame (camera); a 40 px patch also moves 2 px down.

    The camera shift must come out as about 1.5 px/frame and the cells over the patch must keep
    about 2 px/frame of residual downward motion (at least 1 px: DIS smoothing and cell
    averaging measure small patches short), the rest near 0. The limb flow (magnitude-weighted
    cells, for amplitudes) must give the patch's own 2 px/frame within 20 %.
    """
    import cv2

    rng = np.random.default_rng(0)
    scene = _scene(rng)
    patch = _scene(rng)[:40, :40]
    tracker = FlowTracker(320, 240, expected_frames=0)  # also exercises the growing store
    for index in range(80):
        frame = scene.copy()
        y = 100 + 2 * (index % 10)
        frame[y : y + 40, 150:190] = patch
        shift = np.float32([[1, 0, -1.5 * index], [0, 1, 0]])
        moved = cv2.warpAffine(frame, shift, (400, 300), borderMode=cv2.BORDER_REFLECT)
        tracker.add(index / 30.0, moved[30:270, 40:360])
    series = tracker.result()
    assert series.cell_displacement.shape[0] == 80
    cell_flow = np.diff(series.cell_displacement, axis=0, prepend=0.0)  # the per-frame flow
    limb_flow = np.diff(series.limb_displacement, axis=0, prepend=0.0)
    steady = [i for i in range(2, 80) if i % 10 != 0]  # frames where the patch moved on
    assert abs(float(np.median(series.camera_shift[steady, 0])) + 1.5) < 0.2
    down = cell_flow[steady, :, :, 1]
    assert float(np.median(down.max(axis=(1, 2)))) > 1.0  # the patch's cells, frame by frame
    assert float(np.median(np.abs(down))) < 0.1  # everything else: camera motion removed
    # the limb flow follows what moves in a cell: the patch's 2 px/frame, not a share of it
    limb_down = limb_flow[steady, :, :, 1]
    assert series.limb_displacement.shape == series.cell_displacement.shape
    assert 1.6 < float(np.median(limb_down.max(axis=(1, 2)))) < 2.4
    assert float(np.median(np.abs(limb_down))) < 0.15


def test_fine_window_follows_the_movement() -> None:
    """A patch shakes in the top-left corner for 2 s, then another in the bottom-right corner.

    The full-resolution window must sit over whichever moves (within a second of the change),
    and the limb flow there must give the patch's own 2 px/frame swing within 20 %.
    """
    rng = np.random.default_rng(1)
    scene = _scene(rng)[:240, :320]
    patch = _scene(rng)[:30, :30]
    tracker = FlowTracker(320, 240, expected_frames=120)
    windows = []
    for index in range(120):
        frame = scene.copy()
        offset = 2 if index % 2 else 0  # 2 px down and back, frame after frame
        top, left = (30 + offset, 30) if index < 60 else (180 + offset, 260)
        frame[top : top + 30, left : left + 30] = patch
        tracker.add(index / 30.0, frame)
        windows.append(tracker.window)
    rows, cols = tracker.grid

    def centre(window: tuple[slice, slice]) -> tuple[float, float]:
        return (window[0].start + window[0].stop) / 2 / rows, (
            window[1].start + window[1].stop
        ) / 2 / cols

    early, late = centre(windows[55]), centre(windows[119])
    assert early[0] < 0.5 and early[1] < 0.5, early
    assert late[0] > 0.5 and late[1] > 0.5, late
    series = tracker.result()
    limb_flow = np.diff(series.limb_displacement, axis=0)
    swing = np.abs(limb_flow[89:, :, :, 1]).max(axis=(1, 2))
    assert 1.6 < float(np.median(swing)) < 2.4
