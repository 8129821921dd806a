"""Limb motion from dense optical flow, with the camera's own motion removed.

For every pair of consecutive analysis frames:

1. Brightness is normalised (each frame to the same mean and contrast), so auto-exposure
   changes are not seen as motion.
2. Dense optical flow is computed with DIS [1]_ (OpenCV, a fast coarse-to-fine patch method).
3. The camera's motion is estimated as a robust affine fit of the flow field (least squares,
   refitted on the points whose residual is below 2.5x the median residual, twice), which
   captures shake, drift, small rotations and zoom of a hand-held phone, and is subtracted.
4. What remains - movement of things in the scene - is averaged on a grid of cells (24 across
   the longer side, about 13 px at the analysis size), small enough that a limb fills most of
   a cell. DIS runs at half the analysis resolution (finest scale 1) for speed; thin limbs
   are then measured about 25-50 % short (see the amplitude notes in benchmarks/README.md).

References
----------
.. [1] Kroeger T, Timofte R, Dai D, Van Gool L. (2016). Fast optical flow using dense inverse
   search. ECCV 2016, LNCS 9908:471-488.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

#: Number of grid cells across the longer side of the analysis image.
GRID_CELLS_LONG_SIDE = 24
#: Fraction of the image dropped at each edge before pooling (new content enters there).
BORDER_FRACTION = 0.03


@dataclass(frozen=True)
class FlowSeries:
    """What the flow stage keeps per frame (all in analysis pixels per frame interval).

    Attributes
    ----------
    times_s
        Time of each frame, ``(n,)``; rows below refer to the motion from frame ``i-1`` to ``i``
        (row 0 is zero).
    cell_flow
        Camera-compensated flow of each grid cell, ``(n, rows, cols, 2)`` (x, y).
    camera_shift
        Camera motion at the image centre, ``(n, 2)``.
    inlier_fraction
        Share of flow samples that the camera model explains, ``(n,)`` (low: the camera
        moved in a way a flat affine model cannot follow, or the picture changed).
    luma
        Mean grey level of each frame (0-255), ``(n,)``.
    contrast
        Standard deviation of the grey levels of each frame, ``(n,)``.
    """

    times_s: NDArray[np.float64]
    cell_flow: NDArray[np.float32]
    camera_shift: NDArray[np.float64]
    inlier_fraction: NDArray[np.float64]
    luma: NDArray[np.float64]
    contrast: NDArray[np.float64]


class FlowTracker:
    """Accumulate camera-compensated cell flow frame by frame.

    Memory: 8 bytes per cell per frame (24x18 cells: 3.5 KB a frame, 62 MB for 10 minutes at
    30 fps) whatever the video's resolution; ``expected_frames`` presizes the store.
    """

    def __init__(self, width: int, height: int, *, expected_frames: int = 0) -> None:
        import cv2

        self._dis: Any = cv2.DISOpticalFlow_create(  # type: ignore[attr-defined]
            cv2.DISOPTICAL_FLOW_PRESET_ULTRAFAST
        )
        self._dis.setFinestScale(1)
        self._dis.setPatchSize(8)
        self._dis.setPatchStride(4)
        self._dis.setVariationalRefinementIterations(0)
        self.width, self.height = width, height
        margin = max(2, round(BORDER_FRACTION * max(width, height)))
        self._crop = (slice(margin, height - margin), slice(margin, width - margin))
        inner_h, inner_w = height - 2 * margin, width - 2 * margin
        cell = max(inner_w, inner_h) / GRID_CELLS_LONG_SIDE
        self.grid = (max(2, round(inner_h / cell)), max(2, round(inner_w / cell)))
        step = 6
        self._sample_slice = (
            slice(margin, height - margin, step),
            slice(margin, width - margin, step),
        )
        ys, xs = np.mgrid[self._sample_slice]
        centre_x, centre_y = width / 2.0, height / 2.0
        self._design = np.column_stack(
            [np.ones(xs.size), (xs.ravel() - centre_x) / width, (ys.ravel() - centre_y) / height]
        )
        # the camera model is affine, so its mean over a cell is its value at the cell's mean
        # position: pool the raw flow and subtract the model at the pooled coordinates
        gy, gx = np.mgrid[0:inner_h, 0:inner_w].astype(np.float32)
        size = (self.grid[1], self.grid[0])
        pooled_x = cv2.resize((gx + margin - centre_x) / width, size, interpolation=cv2.INTER_AREA)
        pooled_y = cv2.resize((gy + margin - centre_y) / height, size, interpolation=cv2.INTER_AREA)
        self._cell_design = np.stack([np.ones_like(pooled_x), pooled_x, pooled_y], axis=-1).astype(
            np.float64
        )
        self._previous: NDArray[np.uint8] | None = None
        self._times: list[float] = []
        # sized from the container's frame count (plus 5 %), grown by half when it was wrong
        capacity = max(64, int(expected_frames * 1.05) + 8)
        self._cells = np.zeros((capacity, *self.grid, 2), np.float32)
        self._count = 0
        self._shift: list[tuple[float, float]] = []
        self._inliers: list[float] = []
        self._luma: list[float] = []
        self._contrast: list[float] = []

    def _normalise(self, grey: NDArray[np.uint8]) -> NDArray[np.uint8]:
        import cv2

        sample = grey[::3, ::3].astype(np.float32)  # every 9th pixel is plenty for exposure
        m, s = float(sample.mean()), float(sample.std())
        self._luma.append(m)
        self._contrast.append(s)
        gain = 48.0 / max(s, 1.0)
        out: NDArray[np.uint8] = cv2.convertScaleAbs(  # type: ignore[assignment]
            grey, alpha=gain, beta=128.0 - gain * m
        )
        return out

    def _camera_model(self, flow: NDArray[np.float32]) -> tuple[NDArray[np.float64], float]:
        """Robust affine fit: coefficients (3, 2) for [1, x, y] -> (u, v), and inlier share."""
        samples = flow[self._sample_slice].reshape(-1, 2).astype(np.float64)
        design = self._design
        keep = np.ones(samples.shape[0], dtype=bool)
        coefficients = np.zeros((3, 2))
        residual = np.zeros(samples.shape[0])
        for _ in range(3):
            kept = design[keep]
            normal = kept.T @ kept
            if keep.sum() < 12 or abs(float(np.linalg.det(normal))) < 1e-12:
                break
            coefficients = np.linalg.solve(normal, kept.T @ samples[keep])
            error = samples - design @ coefficients
            residual = np.hypot(error[:, 0], error[:, 1])
            limit = max(2.5 * float(np.median(residual[keep])), 0.05)
            keep = residual <= limit
        inliers = float(np.mean(residual < 0.5))
        return coefficients, inliers

    def add(self, time_s: float, grey: NDArray[np.uint8]) -> None:
        """Add the next frame (analysis size, grey)."""
        import cv2

        current = self._normalise(grey)
        self._times.append(time_s)
        rows, cols = self.grid
        if self._count == self._cells.shape[0]:
            grown = np.zeros((self._count + self._count // 2 + 64, rows, cols, 2), np.float32)
            grown[: self._count] = self._cells
            self._cells = grown
        self._count += 1
        if self._previous is None:
            self._shift.append((0.0, 0.0))
            self._inliers.append(1.0)
            self._previous = current
            return
        flow = self._dis.calc(self._previous, current, None)
        self._previous = current
        coefficients, inliers = self._camera_model(flow)
        pooled = cv2.resize(flow[self._crop], (cols, rows), interpolation=cv2.INTER_AREA)
        residual = pooled - self._cell_design @ coefficients
        self._cells[self._count - 1] = residual
        self._shift.append((float(coefficients[0, 0]), float(coefficients[0, 1])))
        self._inliers.append(inliers)

    def result(self) -> FlowSeries:
        """Everything accumulated so far."""
        cells = self._cells[: self._count]
        return FlowSeries(
            times_s=np.asarray(self._times, dtype=np.float64),
            cell_flow=cells,
            camera_shift=np.asarray(self._shift, dtype=np.float64).reshape(-1, 2),
            inlier_fraction=np.asarray(self._inliers, dtype=np.float64),
            luma=np.asarray(self._luma, dtype=np.float64),
            contrast=np.asarray(self._contrast, dtype=np.float64),
        )
