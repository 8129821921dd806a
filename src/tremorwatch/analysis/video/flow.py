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
   a cell. DIS runs down to the full analysis resolution (finest scale 0) with
   non-overlapping 8 px patches (stride 8): about the cost of half resolution with overlapping
   patches, and a thin limb is not smoothed into the background as much (measured amplitudes
   went from about 0.6 to 0.75 of the truth, at 720p from 0.4 to 0.9).
5. For amplitudes, each cell also keeps the *limb flow*: the residual flow averaged with
   weights proportional to its squared magnitude. A cell mean is the limb's motion times the share
   of the cell the limb covers (the still blanket pulls it towards zero, and DIS smooths the
   limb's edges into it); weighting by magnitude lets the pixels that really move carry the
   cell, so the limb's own displacement is measured rather than a fraction of it. It is not
   used to find episodes (on a still background it amplifies noise), only to size them.

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
#: Added to a cell's mean weight (squared flow, px² per frame²) so that a still cell's limb
#: flow stays near zero instead of following its noisiest pixel.
_LIMB_WEIGHT_FLOOR = 0.02


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
    limb_flow
        Magnitude-weighted camera-compensated flow of each cell (the flow of the part of the
        cell that moves), same shape; for amplitudes.
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
    limb_flow: NDArray[np.float32]
    camera_shift: NDArray[np.float64]
    inlier_fraction: NDArray[np.float64]
    luma: NDArray[np.float64]
    contrast: NDArray[np.float64]


class FlowTracker:
    """Accumulate camera-compensated cell flow frame by frame.

    Memory: 16 bytes per cell per frame (cell and limb flow; 24x18 cells: 7 KB a frame, 124 MB
    for 10 minutes at 30 fps) whatever the video's resolution; ``expected_frames`` presizes the store.
    """

    def __init__(self, width: int, height: int, *, expected_frames: int = 0) -> None:
        import cv2

        self._dis: Any = cv2.DISOpticalFlow_create(  # type: ignore[attr-defined]
            cv2.DISOPTICAL_FLOW_PRESET_ULTRAFAST
        )
        self._dis.setFinestScale(0)
        self._dis.setPatchSize(8)
        self._dis.setPatchStride(8)
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
        # camera model at every second pixel of the cropped image, both ways (for the limb
        # flow: a quarter of the work, and DIS patches are 8 px wide anyway)
        self._pixel_x = np.ascontiguousarray(((gx + margin - centre_x) / width)[::2, ::2])
        self._pixel_y = np.ascontiguousarray(((gy + margin - centre_y) / height)[::2, ::2])
        self._previous: NDArray[np.uint8] | None = None
        self._times: list[float] = []
        # sized from the container's frame count (plus 5 %), grown by half when it was wrong
        capacity = max(64, int(expected_frames * 1.05) + 8)
        self._cells = np.zeros((capacity, *self.grid, 2), np.float32)
        self._limb = np.zeros((capacity, *self.grid, 2), np.float32)
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

    def _limb_flow(
        self, flow: NDArray[np.float32], coefficients: NDArray[np.float64]
    ) -> NDArray[np.float32]:
        """Per-cell residual flow weighted by its squared magnitude: the motion of what moves."""
        import cv2

        c = coefficients.astype(np.float32)
        u = flow[..., 0] - (c[0, 0] + c[1, 0] * self._pixel_x + c[2, 0] * self._pixel_y)
        v = flow[..., 1] - (c[0, 1] + c[1, 1] * self._pixel_x + c[2, 1] * self._pixel_y)
        weight = u * u + v * v
        rows, cols = self.grid
        stacked = cv2.merge([weight * u, weight * v, weight])
        pooled = cv2.resize(stacked, (cols, rows), interpolation=cv2.INTER_AREA)
        total = pooled[..., 2:3] + np.float32(_LIMB_WEIGHT_FLOOR)
        out: NDArray[np.float32] = pooled[..., :2] / total
        return out

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
            grown_limb = np.zeros_like(grown)
            grown_limb[: self._count] = self._limb
            self._limb = grown_limb
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
        self._limb[self._count - 1] = self._limb_flow(flow[self._crop][::2, ::2], coefficients)
        self._shift.append((float(coefficients[0, 0]), float(coefficients[0, 1])))
        self._inliers.append(inliers)

    def result(self) -> FlowSeries:
        """Everything accumulated so far."""
        cells = self._cells[: self._count]
        return FlowSeries(
            times_s=np.asarray(self._times, dtype=np.float64),
            cell_flow=cells,
            limb_flow=self._limb[: self._count],
            camera_shift=np.asarray(self._shift, dtype=np.float64).reshape(-1, 2),
            inlier_fraction=np.asarray(self._inliers, dtype=np.float64),
            luma=np.asarray(self._luma, dtype=np.float64),
            contrast=np.asarray(self._contrast, dtype=np.float64),
        )
