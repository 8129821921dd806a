"""Limb motion from dense optical flow, with the camera's own motion removed.

For every pair of consecutive analysis frames:

1. Brightness is normalised (each frame to the same mean and contrast), so auto-exposure
   changes are not seen as motion.
2. Dense optical flow of the whole picture is computed with DIS [1]_ (OpenCV, a fast
   coarse-to-fine patch method) down to half the analysis resolution: enough to follow the
   camera and to see where something moves, at a quarter of the cost of the full resolution.
3. A *window* of 7x7 grid cells (about 90 px at the analysis size) follows the part of the
   picture that has moved most over the last second or so (an exponentially weighted
   activity map, with hysteresis so it does not hop between neighbours). In the window, DIS
   runs again at the full analysis resolution (one pyramid level), starting from the coarse
   flow, and replaces it: the moving limb is measured as finely as if the whole picture had
   been, for about a fifth of the cost.
4. The flow is averaged on a grid of cells (24 across the longer side, about 13 px at the
   analysis size), small enough that a limb fills most of a cell. The camera's motion is a
   robust affine fit of the cell flows (least squares, refitted on the cells whose residual
   is below 2.5x the median residual, twice), which captures shake, drift, small rotations
   and zoom of a hand-held phone, and is subtracted; a moving limb covers a few cells and is
   left out as an outlier. The first fit already leaves out the cells where the picture has
   been moving over the last second (the activity map of step 3): the camera is estimated
   from what surrounds the moving limbs, so two legs kicking widely over a third of the
   picture do not pull it after them.
5. For amplitudes, each cell of the window also keeps the *limb flow*: the residual flow
   averaged with weights proportional to its squared magnitude. A cell mean is the limb's
   motion times the share of the cell the limb covers (the still blanket pulls it towards
   zero, and DIS smooths the limb's edges into it); weighting by magnitude lets the pixels
   that really move carry the cell, so the limb's own displacement is measured rather than a
   fraction of it. It is not used to find episodes (on a still background it amplifies
   noise), only to size them; outside the window it is the cell mean.
6. Both are kept as running sums (each cell's displacement since the first frame, the
   float32 sums that the measurement stage used to compute from the stored flows): the store
   *is* the displacement series the later stages read, so no copy of it is ever made. The
   store is a temporary file (see :class:`DisplacementStore`), appended to as frames arrive
   and read back a block of frames at a time, so the clip's length costs disk, not memory.

References
----------
.. [1] Kroeger T, Timofte R, Dai D, Van Gool L. (2016). Fast optical flow using dense inverse
   search. ECCV 2016, LNCS 9908:471-488.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import weakref
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

import numpy as np
from numpy.typing import NDArray

#: Number of grid cells across the longer side of the analysis image.
GRID_CELLS_LONG_SIDE = 24
#: Fraction of the image dropped at each edge before pooling (new content enters there).
BORDER_FRACTION = 0.03
#: Finest DIS pyramid level of the whole-picture flow (1: half the analysis resolution).
COARSE_SCALE = 1
#: Fits of the camera model (each after dropping the cells the previous fit left unexplained).
CAMERA_FITS = 3
#: Cells whose activity (the map that places the fine window) is above this multiple of the
#: median cell's are left out of the first camera fit (see ``FlowTracker._camera_model``).
MOVING_ACTIVITY_RATIO = 4.0
#: Every this many frames, each cell's texture is measured (see ``FlowTracker._texture``):
#: a blanket's pattern changes little over a clip, so a sample keeps the cost small.
TEXTURE_EVERY = 15
#: Side of the fine window, in grid cells, and the pixels of context DIS gets around it.
WINDOW_CELLS = 7
WINDOW_PAD_PX = 8
#: Pyramid levels of the window's fine pass (0: as many as the window's size allows). One is
#: enough: it starts from the coarse flow, which is within a pixel or so; more levels cost a
#: third more and found nothing more on the accuracy set.
FINE_LEVELS = 1
#: Weight of the newest frame in the activity map that places the window (0.05 at 30 fps:
#: a memory of about 0.7 s), and how much more active than the window's best cell a cell
#: outside it must be before the window moves there.
ACTIVITY_RATE = 0.05
WINDOW_MOVE_RATIO = 1.5
#: Added to a cell's mean weight (squared flow, px² per frame²) so that a still cell's limb
#: flow stays near zero instead of following its noisiest pixel.
_LIMB_WEIGHT_FLOOR = 0.02
#: Bytes the store keeps per grid cell and frame: x and y of the cell and the limb
#: displacement, float32 each (on disk, see :class:`DisplacementStore`).
BYTES_PER_CELL_FRAME = 16
#: Frames a :class:`DisplacementStore` reads at a time (about 3.5 MB of a 24x18 grid).
READ_BLOCK_FRAMES = 1024


class DisplacementStore:
    """A float32 array ``(n, *frame_shape)`` kept in a temporary file, not in memory.

    Frames are appended as they arrive (:meth:`append`) and read back by indexing, which
    returns an ordinary in-memory array of the part asked for, read
    :data:`READ_BLOCK_FRAMES` frames at a time: a band of grid rows over the whole clip costs
    that band, never the whole store. The file is deleted by :meth:`close`, and otherwise
    when the store is garbage-collected or the interpreter exits.

    The file lies in ``TREMORWATCH_DATA_DIR`` when that is set (as ``tmp/``), else in the
    system's temporary folder (``TMPDIR``).
    """

    def __init__(self, frame_shape: tuple[int, ...], *, directory: str | None = None) -> None:
        self.frame_shape = tuple(frame_shape)
        self.dtype = np.dtype(np.float32)
        self._frame_items = int(np.prod(self.frame_shape))
        self._frames = 0
        handle, self.path = tempfile.mkstemp(
            prefix="tremorwatch-flow-", suffix=".f32", dir=directory or _temporary_folder()
        )
        self._file: BinaryIO | None = os.fdopen(handle, "wb")
        self._finalizer = weakref.finalize(self, _remove, self._file, self.path)

    @classmethod
    def _view(cls, source: DisplacementStore, frame_shape: tuple[int, ...]) -> DisplacementStore:
        view = cls.__new__(cls)
        view.frame_shape, view.dtype = frame_shape, source.dtype
        view._frame_items, view._frames = source._frame_items, source._frames
        view.path, view._file = source.path, None
        view._finalizer = source._finalizer
        view._owner = source  # type: ignore[attr-defined]  # keeps the file while viewed
        return view

    def append(self, frame: NDArray[np.float32]) -> None:
        """Add the next frame (``frame_shape``, float32)."""
        if self._file is None:
            raise ValueError("this displacement store is closed or read-only")
        self._file.write(np.ascontiguousarray(frame, dtype=np.float32).tobytes())
        self._frames += 1

    def finish(self) -> None:
        """Write everything appended so far to the file (before reading it)."""
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        """Delete the file (reading afterwards fails)."""
        self._finalizer()

    @property
    def shape(self) -> tuple[int, ...]:
        return (self._frames, *self.frame_shape)

    @property
    def ndim(self) -> int:
        return 1 + len(self.frame_shape)

    @property
    def nbytes(self) -> int:
        """Bytes of the file (not of memory)."""
        return self._frames * self._frame_items * self.dtype.itemsize

    def __len__(self) -> int:
        return self._frames

    def reshape(self, *shape: int | tuple[int, ...]) -> DisplacementStore:
        """The same frames with another frame shape (the first dimension must stay)."""
        dims = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], tuple) else shape
        first, rest = int(dims[0]), tuple(int(d) for d in dims[1:])  # type: ignore[arg-type]
        if rest.count(-1) == 1:  # one dimension inferred, as numpy's reshape does
            known = int(np.prod([d for d in rest if d != -1]))
            rest = tuple(self._frame_items // max(known, 1) if d == -1 else d for d in rest)
        if first != self._frames or int(np.prod(rest)) != self._frame_items:
            raise ValueError(f"cannot reshape {self.shape} to {dims}")
        return DisplacementStore._view(self, rest)

    def astype(self, dtype: Any, copy: bool = True) -> Any:
        if np.dtype(dtype) == self.dtype and not copy:
            return self
        return np.asarray(self[:]).astype(dtype)

    def __array__(self, dtype: Any = None, copy: Any = None) -> NDArray[Any]:
        whole = self[:]
        return whole if dtype is None else whole.astype(dtype)

    def __getitem__(self, key: Any) -> NDArray[np.float32]:
        parts = key if isinstance(key, tuple) else (key,)
        first, rest = parts[0] if parts else slice(None), parts[1:]
        if isinstance(first, (int, np.integer)):
            index = int(first) + self._frames if int(first) < 0 else int(first)
            if not 0 <= index < self._frames:
                raise IndexError(f"frame {first} out of range for {self._frames} frames")
            block: NDArray[np.float32] = self._read(index, index + 1)[0][rest]
            return block.copy()
        if not isinstance(first, slice) or first.step not in (None, 1):
            raise TypeError("a displacement store is indexed by a frame or a range of frames")
        start, stop, _ = first.indices(self._frames)
        stop = max(start, stop)
        sample = np.zeros((1, *self.frame_shape), self.dtype)[(slice(None), *rest)]
        out = np.empty((stop - start, *sample.shape[1:]), self.dtype)
        for begin in range(start, stop, READ_BLOCK_FRAMES):
            end = min(stop, begin + READ_BLOCK_FRAMES)
            out[begin - start : end - start] = self._read(begin, end)[(slice(None), *rest)]
        return out

    def _read(self, start: int, stop: int) -> NDArray[np.float32]:
        if not self._finalizer.alive:
            raise ValueError("this displacement store is closed: its file has been deleted")
        count = (stop - start) * self._frame_items
        offset = start * self._frame_items * self.dtype.itemsize
        values = np.fromfile(self.path, dtype=self.dtype, count=count, offset=offset)
        return values.reshape(stop - start, *self.frame_shape)


def _temporary_folder() -> str:
    """``TREMORWATCH_DATA_DIR/tmp`` when the data folder is set, else the system's."""
    data = os.environ.get("TREMORWATCH_DATA_DIR")
    if not data:
        return tempfile.gettempdir()
    folder = os.path.join(data, "tmp")
    os.makedirs(folder, exist_ok=True)
    return folder


def _remove(file: BinaryIO | None, path: str) -> None:
    if file is not None:
        file.close()
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


@dataclass(frozen=True)
class FlowSeries:
    """What the flow stage keeps per frame (all in analysis pixels per frame interval).

    Attributes
    ----------
    times_s
        Time of each frame, ``(n,)``; the per-frame values below refer to the motion from
        frame ``i-1`` to ``i`` (row 0 is zero).
    cell_displacement
        Running sum of the camera-compensated flow of each grid cell (its displacement since
        the first frame), ``(n, rows, cols, 2)`` (x, y); row 0 is zero.
    limb_displacement
        Running sum of the magnitude-weighted camera-compensated flow of each cell (the flow
        of the part of the cell that moves), same shape; for amplitudes.
    camera_shift
        Camera motion at the image centre, ``(n, 2)``.
    inlier_fraction
        Share of flow samples that the camera model explains, ``(n,)`` (low: the camera
        moved in a way a flat affine model cannot follow, or the picture changed).
    luma
        Mean grey level of each frame (0-255), ``(n,)``.
    contrast
        Standard deviation of the grey levels of each frame, ``(n,)``.
    cell_texture
        How two-dimensional each cell's texture is, ``(rows, cols)``: the mean over sampled
        frames of the ratio of the small to the large eigenvalue of its structure tensor
        (about 0.02 on stripes, whose flow is measured across them only, 0.2-0.8 on a
        well-textured body; see ``FlowTracker._texture``). ``None`` when no frame was
        sampled.
    """

    times_s: NDArray[np.float64]
    cell_displacement: NDArray[np.float32]
    limb_displacement: NDArray[np.float32]
    camera_shift: NDArray[np.float64]
    inlier_fraction: NDArray[np.float64]
    luma: NDArray[np.float64]
    contrast: NDArray[np.float64]
    cell_texture: NDArray[np.float64] | None = None


class FlowTracker:
    """Accumulate camera-compensated cell flow frame by frame.

    Disk: :data:`BYTES_PER_CELL_FRAME` per cell per frame (cell and limb displacement;
    24x18 cells: 7 KB a frame, 124 MB for 10 minutes at 30 fps) whatever the video's
    resolution, in two temporary files (see :class:`DisplacementStore`) deleted by
    :meth:`close` (or on leaving ``with``); memory: about 100 bytes a frame of per-frame
    scalars. ``expected_frames`` is accepted for compatibility and no longer used.
    """

    def __init__(self, width: int, height: int, *, expected_frames: int = 0) -> None:
        import cv2

        self._coarse = _dis_flow(finest_scale=COARSE_SCALE)
        self._fine = _dis_flow(finest_scale=0)
        if FINE_LEVELS:
            self._fine.setCoarsestScale(FINE_LEVELS - 1)
        self.width, self.height = width, height
        margin = max(2, round(BORDER_FRACTION * max(width, height)))
        self._crop = (slice(margin, height - margin), slice(margin, width - margin))
        inner_h, inner_w = height - 2 * margin, width - 2 * margin
        cell = max(inner_w, inner_h) / GRID_CELLS_LONG_SIDE
        self.grid = rows, cols = (max(2, round(inner_h / cell)), max(2, round(inner_w / cell)))
        # cell edges in image pixels, as the area-averaging resize below divides the crop
        self._row_edges = margin + np.round(np.arange(rows + 1) * inner_h / rows).astype(int)
        self._col_edges = margin + np.round(np.arange(cols + 1) * inner_w / cols).astype(int)
        self._window_shape = (min(WINDOW_CELLS, rows), min(WINDOW_CELLS, cols))
        self._window = ((rows - self._window_shape[0]) // 2, (cols - self._window_shape[1]) // 2)
        self._activity = np.zeros(self.grid, np.float32)
        centre_x, centre_y = width / 2.0, height / 2.0
        # the camera model is affine, so its mean over a cell is its value at the cell's mean
        # position: pool the raw flow and subtract the model at the pooled coordinates
        gy, gx = np.mgrid[0:inner_h, 0:inner_w].astype(np.float32)
        size = (cols, rows)
        pooled_x = cv2.resize((gx + margin - centre_x) / width, size, interpolation=cv2.INTER_AREA)
        pooled_y = cv2.resize((gy + margin - centre_y) / height, size, interpolation=cv2.INTER_AREA)
        self._cell_design = np.stack([np.ones_like(pooled_x), pooled_x, pooled_y], axis=-1).astype(
            np.float64
        )
        self._design = self._cell_design.reshape(-1, 3)
        self._pixel_x = ((np.arange(width, dtype=np.float32) - centre_x) / width)[np.newaxis, :]
        self._pixel_y = ((np.arange(height, dtype=np.float32) - centre_y) / height)[:, np.newaxis]
        self._previous: NDArray[np.uint8] | None = None
        self._times: list[float] = []
        # on disk, appended to frame by frame: the clip's length costs no memory
        self._cells = DisplacementStore((*self.grid, 2))
        try:
            self._limb = DisplacementStore((*self.grid, 2))
        except BaseException:
            self._cells.close()
            raise
        # the running sums, added to in float32 as np.cumsum(..., dtype=np.float32) does
        self._cell_sum = np.zeros((*self.grid, 2), np.float32)
        self._limb_sum = np.zeros((*self.grid, 2), np.float32)
        self._count = 0
        self._shift: list[tuple[float, float]] = []
        self._inliers: list[float] = []
        self._luma: list[float] = []
        self._contrast: list[float] = []
        self._texture_sum = np.zeros(self.grid, np.float64)
        self._texture_frames = 0

    def _normalise(self, grey: NDArray[np.uint8]) -> NDArray[np.uint8]:
        import cv2

        mean, deviation = cv2.meanStdDev(grey)
        m, s = float(mean[0, 0]), float(deviation[0, 0])
        self._luma.append(m)
        self._contrast.append(s)
        gain = 48.0 / max(s, 1.0)
        out: NDArray[np.uint8] = cv2.convertScaleAbs(  # type: ignore[assignment]
            grey, alpha=gain, beta=128.0 - gain * m
        )
        return out

    @property
    def window(self) -> tuple[slice, slice]:
        """The grid cells (rows, columns) measured at full resolution at the moment."""
        (r0, c0), (kr, kc) = self._window, self._window_shape
        return slice(r0, r0 + kr), slice(c0, c0 + kc)

    def _window_pixels(self) -> tuple[slice, slice]:
        """The fine window in image pixels (rows, columns)."""
        (r0, c0), (kr, kc) = self._window, self._window_shape
        return (
            slice(int(self._row_edges[r0]), int(self._row_edges[r0 + kr])),
            slice(int(self._col_edges[c0]), int(self._col_edges[c0 + kc])),
        )

    def _refine(
        self, flow: NDArray[np.float32], previous: NDArray[np.uint8], current: NDArray[np.uint8]
    ) -> None:
        """Replace the coarse flow in the window by DIS at the full analysis resolution."""
        rows, cols = self._window_pixels()
        pad = WINDOW_PAD_PX
        y0, y1 = max(0, rows.start - pad), min(self.height, rows.stop + pad)
        x0, x1 = max(0, cols.start - pad), min(self.width, cols.stop + pad)
        if min(y1 - y0, x1 - x0) < 2 * pad:
            return  # a tiny picture: the coarse flow is all there is
        box = (slice(y0, y1), slice(x0, x1))
        fine = self._fine.calc(
            np.ascontiguousarray(previous[box]),
            np.ascontiguousarray(current[box]),
            np.ascontiguousarray(flow[box]),  # the starting point: the coarse flow
        )
        flow[rows, cols] = fine[rows.start - y0 : rows.stop - y0, cols.start - x0 : cols.stop - x0]

    def _texture(self, grey: NDArray[np.uint8]) -> None:
        """Add a frame to each cell's texture measure (see :attr:`FlowSeries.cell_texture`):
        the ratio of the eigenvalues of the cell's structure tensor, the mean outer product
        of the picture's gradient (1 for texture in every direction, near 0 for stripes)."""
        import cv2

        image = grey.astype(np.float32)
        gx = cv2.Sobel(image, cv2.CV_32F, 1, 0, ksize=3)
        gy = cv2.Sobel(image, cv2.CV_32F, 0, 1, ksize=3)
        rows, cols = self.grid
        stacked = cv2.merge([gx * gx, gx * gy, gy * gy])[self._crop]
        pooled = cv2.resize(stacked, (cols, rows), interpolation=cv2.INTER_AREA)
        xx, xy, yy = (pooled[..., k].astype(np.float64) for k in range(3))
        half_trace = 0.5 * (xx + yy)
        spread = np.sqrt(np.maximum(half_trace**2 - (xx * yy - xy * xy), 0.0))
        large, small = half_trace + spread, half_trace - spread
        self._texture_sum += np.where(large > 1e-9, small / np.maximum(large, 1e-9), 0.0)
        self._texture_frames += 1

    def _camera_model(self, pooled: NDArray[np.float32]) -> tuple[NDArray[np.float64], float]:
        """Robust affine fit of the cell flows: coefficients (3, 2) for [1, x, y] -> (u, v), and
        the share of cells it explains to within half a pixel.

        Each refit solves the 3x3 normal equations of the kept cells (a 0/1 weight on each
        row), so a frame costs a few small matrix products rather than NumPy's general solver
        and median: this runs on every frame.
        """
        import cv2

        samples = pooled.reshape(-1, 2).astype(np.float64)
        design = self._design
        coefficients: NDArray[np.float64] = np.zeros((3, 2))
        residual = _row_norm(samples)
        # the first fit leaves out where the limbs have been moving (the activity map of the
        # last second): two legs kicking widely can cover a third of the picture and would
        # otherwise pull the camera model after them
        activity = self._activity.ravel()
        calm = activity <= max(MOVING_ACTIVITY_RATIO * _median(activity.astype(np.float64)), 0.01)
        weighted = design * calm[:, np.newaxis] if np.count_nonzero(calm) >= 6 else design
        for _ in range(CAMERA_FITS if design.shape[0] >= 6 else 0):  # too few cells to fit
            solved, solution = cv2.solve(
                weighted.T @ design, weighted.T @ samples, flags=cv2.DECOMP_LU
            )
            if not solved:  # the kept cells lie on a line
                break
            coefficients = np.asarray(solution, dtype=np.float64)
            residual = _row_norm(samples - design @ coefficients)
            keep = residual <= max(2.5 * _median(residual), 0.05)
            if np.count_nonzero(keep) < 6:
                break
            weighted = design * keep[:, np.newaxis]
        inliers = float(np.count_nonzero(residual < 0.5)) / residual.size
        return coefficients, inliers

    def _limb_flow(
        self,
        flow: NDArray[np.float32],
        coefficients: NDArray[np.float64],
        rows: slice,
        cols: slice,
    ) -> NDArray[np.float32]:
        """Residual flow of the window's cells weighted by its squared magnitude."""
        import cv2

        c = coefficients.astype(np.float32)
        x, y = self._pixel_x[:, cols], self._pixel_y[rows, :]
        u = flow[rows, cols, 0] - (c[0, 0] + c[1, 0] * x + c[2, 0] * y)
        v = flow[rows, cols, 1] - (c[0, 1] + c[1, 1] * x + c[2, 1] * y)
        weight = u * u + v * v
        stacked = cv2.merge([weight * u, weight * v, weight])
        kr, kc = self._window_shape
        pooled = cv2.resize(stacked, (kc, kr), interpolation=cv2.INTER_AREA)
        total = pooled[..., 2:3] + np.float32(_LIMB_WEIGHT_FLOOR)
        out: NDArray[np.float32] = pooled[..., :2] / total
        return out

    def _follow_activity(self, residual: NDArray[np.float32]) -> None:
        """Update the activity map and move the window to where the picture moves most."""
        energy = residual[..., 0] ** 2 + residual[..., 1] ** 2
        self._activity += np.float32(ACTIVITY_RATE) * (energy - self._activity)
        row, col = np.unravel_index(int(np.argmax(self._activity)), self.grid)
        (r0, c0), (kr, kc) = self._window, self._window_shape
        if r0 < row < r0 + kr - 1 and c0 < col < c0 + kc - 1:
            return  # well inside the window already
        inside = r0 <= row < r0 + kr and c0 <= col < c0 + kc
        best_inside = float(self._activity[self.window].max())
        if inside or float(self._activity[row, col]) > WINDOW_MOVE_RATIO * best_inside:
            rows, cols = self.grid
            self._window = (
                int(np.clip(row - kr // 2, 0, rows - kr)),
                int(np.clip(col - kc // 2, 0, cols - kc)),
            )

    def add(self, time_s: float, grey: NDArray[np.uint8]) -> None:
        """Add the next frame (analysis size, grey)."""
        import cv2

        current = self._normalise(grey)
        if self._count % TEXTURE_EVERY == 0:
            self._texture(current)
        self._times.append(time_s)
        rows, cols = self.grid
        self._count += 1
        previous, self._previous = self._previous, current
        if previous is None:
            self._cells.append(self._cell_sum)  # zero: nothing has moved yet
            self._limb.append(self._limb_sum)
            self._shift.append((0.0, 0.0))
            self._inliers.append(1.0)
            return
        flow = self._coarse.calc(previous, current, None)
        self._refine(flow, previous, current)
        pooled = cv2.resize(flow[self._crop], (cols, rows), interpolation=cv2.INTER_AREA)
        coefficients, inliers = self._camera_model(pooled)
        residual = (pooled - self._cell_design @ coefficients).astype(np.float32)
        limb = residual.copy()
        limb[self.window] = self._limb_flow(flow, coefficients, *self._window_pixels())
        self._cell_sum += residual
        self._limb_sum += limb
        self._cells.append(self._cell_sum)
        self._limb.append(self._limb_sum)
        self._shift.append((float(coefficients[0, 0]), float(coefficients[0, 1])))
        self._inliers.append(inliers)
        self._follow_activity(residual)

    @property
    def store_bytes(self) -> int:
        """Bytes of the per-cell store, on disk (:data:`BYTES_PER_CELL_FRAME` a cell a frame)."""
        return int(self._cells.nbytes + self._limb.nbytes)

    @property
    def store_paths(self) -> tuple[str, str]:
        """The store's temporary files (cell and limb displacement)."""
        return self._cells.path, self._limb.path

    def close(self) -> None:
        """Delete the store's temporary files; the series of :meth:`result` cannot be read
        afterwards."""
        self._cells.close()
        self._limb.close()

    def __enter__(self) -> FlowTracker:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def result(self) -> FlowSeries:
        """Everything accumulated so far (the displacements read from the store's files,
        valid until :meth:`close`)."""
        self._cells.finish()
        self._limb.finish()
        return FlowSeries(
            times_s=np.asarray(self._times, dtype=np.float64),
            # read like arrays (see DisplacementStore), a block of frames at a time
            cell_displacement=cast("NDArray[np.float32]", self._cells),
            limb_displacement=cast("NDArray[np.float32]", self._limb),
            camera_shift=np.asarray(self._shift, dtype=np.float64).reshape(-1, 2),
            inlier_fraction=np.asarray(self._inliers, dtype=np.float64),
            luma=np.asarray(self._luma, dtype=np.float64),
            contrast=np.asarray(self._contrast, dtype=np.float64),
            cell_texture=self._texture_sum / self._texture_frames if self._texture_frames else None,
        )


def _row_norm(vectors: NDArray[np.float64]) -> NDArray[np.float64]:
    """Euclidean length of each row of an ``(n, 2)`` array."""
    norm: NDArray[np.float64] = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))
    return norm


def _median(values: NDArray[np.float64]) -> float:
    """Median of a 1-D array (``np.median`` without its checks, for the per-frame fit)."""
    half = values.size // 2
    if values.size % 2:
        return float(np.partition(values, half)[half])
    middle = np.partition(values, (half - 1, half))
    return 0.5 * float(middle[half - 1] + middle[half])


def _dis_flow(*, finest_scale: int) -> Any:
    """OpenCV's DIS flow, fastest preset, 8 px patches side by side (stride 8)."""
    import cv2

    dis = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_ULTRAFAST)  # type: ignore[attr-defined]
    dis.setFinestScale(finest_scale)
    dis.setPatchSize(8)
    dis.setPatchStride(8)
    dis.setVariationalRefinementIterations(0)
    return dis
