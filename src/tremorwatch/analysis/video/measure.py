"""From the flow series of a clip to the core's :class:`MotionMeasurement`, with quality flags.

Cell displacements (the running sum of their camera-compensated flow) are resampled from the
frames' own timestamps onto an even grid at the mean frame rate, so variable-frame-rate clips
are measured in true time. Each cell's speed is averaged with its neighbours
(a limb moves coherently over several cells, flow noise does not) and smoothed over 0.5 s; the
activity of a sample is the highest of these cell envelopes, and the noise floor is their median
(most of the picture is still), which rises with residual camera shake and compression noise, so
the threshold rises with it.

That noise sits mostly at and above the shake frequency (8-12 Hz): a hand-held, compressed clip
has cell speeds of 5-10 px/s where nothing moves, a third of that below 5 Hz. So the same is
done a second time on cell displacements low-passed at :data:`SLOW_BAND_HZ`, with a noise floor
of its own, and the activity of a sample is the larger of the two, each relative to its own
threshold: slow jerks and kicks are found under shake that would hide them in the broadband
speed, while a propped phone (both floors at the minimum) is measured as before.

Amplitude: the generator and the spec define it as the peak displacement of the limb (half the
peak-to-peak). It is measured on the *limb flow* (see :mod:`tremorwatch.analysis.video.flow`)
of the cells that move most in the episode, integrated to displacement, projected on each
cell's axis of movement and sized as half the 5th-95th percentile range once drift below half
the dominant frequency is removed (:func:`~tremorwatch.analysis.features.measure_episode`);
the largest of these cells is reported (a limb swinging from the hip moves most at the foot,
which is what is measured), scaled from analysis to source pixels.
"""

from __future__ import annotations

import itertools
from typing import Any, NamedTuple, TypeVar

import numpy as np
from numpy.typing import NDArray

from tremorwatch.analysis.features import measure_window_rhythm
from tremorwatch.analysis.pipeline import EpisodeTrace, MotionMeasurement
from tremorwatch.analysis.segment import Span
from tremorwatch.analysis.signal import Signal
from tremorwatch.analysis.spectral import bandpass
from tremorwatch.analysis.video.flow import FlowSeries
from tremorwatch.domain.motion import QualityIssue

#: Episode threshold floor: speed of the moving region, analysis px/s (about 0.35 px RMS
#: oscillation at 5 Hz), and its ratio to the noise floor.
MIN_THRESHOLD_PX_S = 7.0
NOISE_RATIO = 3.0
#: Smoothing of each cell's speed (s) and the percentile of cells taken as the noise floor
#: (the limb covers a few per cent of the picture at most).
CELL_WINDOW_S = 0.3
NOISE_PERCENTILE = 90
#: Percentile over time of a cell's smoothed speed taken as its still level (see
#: :func:`_cell_activity`).
STILL_PERCENTILE = 20
#: A cell's texture runs in every direction when its structure tensor's eigenvalue ratio
#: (:attr:`~tremorwatch.analysis.video.flow.FlowSeries.cell_texture`) is at least this
#: (stripes 0.02-0.03, an infant's body 0.2-0.8 on the independent generator's clips); the
#: confinement test needs this many such cells to use them.
MIN_TEXTURE_RATIO = 0.1
MIN_TEXTURED_CELLS = 24
#: Cells pooled into an episode's trace, and the least energy share a pooled cell needs.
TRACE_CELLS = 4
TRACE_ENERGY_SHARE = 0.3
#: Upper edge of the slow channel (Hz): episodes are also sought in cell speeds low-passed
#: here, against a noise floor of their own (clonic jerks of 0.5-4 Hz and kicks live there;
#: residual hand shake and the compression noise it brings mostly do not).
SLOW_BAND_HZ = 5.0
#: Slower components of a cell's summed flow are drift, not limb movement (Hz).
DRIFT_CUTOFF_HZ = 0.4
#: Quality limits.
MIN_DURATION_S = 2.0
DARK_LUMA = 40.0
UNUSABLE_LUMA = 18.0
MIN_CONTRAST = 3.0
LOW_FPS = 15.0
SHAKE_BAND_HZ = (6.0, 14.0)
SHAKE_FLAG_PX = 0.4
#: Camera motion that cannot be compensated reliably: a steady movement faster than this
#: share of the frame per second, a shake larger than this share of the frame, or a camera
#: model that explains fewer than this share of the picture.
MAX_PAN_FRAMES_PER_S = 0.15
MAX_SHAKE_SHARE = 0.03
MIN_INLIER_FRACTION = 0.5
EXPOSURE_CHANGE_RATIO = 0.25


FloatT = TypeVar("FloatT", np.float32, np.float64)

#: Columns resampled per cubic spline (its coefficients take 4x the block's memory).
_SPLINE_COLUMNS = 64
#: Columns low-passed at a time (bounds the filter's float64 temporaries).
_FILTER_COLUMNS = 16
#: Samples per block when deriving speeds (bounds temporary memory on long clips).
_BLOCK_SAMPLES = 2048
#: Grid rows whose speeds are computed at a time (see :func:`_banded_levels`).
_BAND_ROWS = 4


def _resample(
    times: NDArray[np.float64], values: NDArray[FloatT], grid: NDArray[np.float64]
) -> NDArray[FloatT]:
    """Cubic-spline resampling from the frames' own times onto an even grid.

    A fast tremor has only 2.5-3 frames per cycle at 30 fps: linear interpolation between
    unevenly spaced frames would flatten it; a cubic spline keeps a band-limited oscillation.
    """
    from scipy.interpolate import CubicSpline

    step = (times[-1] - times[0]) / max(times.size - 1, 1)
    if times.size == grid.size and np.all(np.abs(times - grid) < 0.05 * step):
        return values  # constant frame rate: the frames already sit on the grid
    if times.size < 4:
        flat = values.reshape(values.shape[0], -1)
        out = np.column_stack([np.interp(grid, times, flat[:, c]) for c in range(flat.shape[1])])
        return out.reshape((grid.size, *values.shape[1:]))
    flat = values.reshape(values.shape[0], -1)
    resampled = np.empty((grid.size, flat.shape[1]), dtype=values.dtype)
    for begin in range(0, flat.shape[1], _SPLINE_COLUMNS):  # bounded spline memory
        block = slice(begin, begin + _SPLINE_COLUMNS)
        resampled[:, block] = CubicSpline(times, flat[:, block], axis=0)(grid)
    return resampled.reshape((grid.size, *values.shape[1:]))


class CellTraces:
    """Episode traces from the cells that move most in the episode."""

    def __init__(
        self,
        displacement: NDArray[np.float32],
        limb_displacement: NDArray[np.float32],
        *,
        grid: tuple[int, int],
        scale: float,
        fs_hz: float,
        textured: NDArray[np.bool_] | None = None,
        still_px_s: NDArray[np.float64] | None = None,
    ) -> None:
        self._textured = textured  # (cells,): texture in every direction
        self._still = still_px_s  # (cells,): each cell's still level (analysis px/s)
        self._displacement = displacement  # (n, cells, 2)
        self._limb_displacement = limb_displacement  # (n, cells, 2)
        self._grid = grid
        self._scale = scale
        self._fs_hz = fs_hz

    def _on_border(self, cell: int) -> bool:
        rows, cols = self._grid
        row, col = divmod(cell, cols)
        return row in (0, rows - 1) or col in (0, cols - 1)

    def _along_axis(self, displacement: NDArray[np.floating[Any]]) -> NDArray[np.float64]:
        part = displacement.astype(np.float64)  # the span's samples of one cell
        # drift of the summed flow must not decide the axis of movement: high-pass first
        centred = bandpass(part, fs_hz=self._fs_hz, low_hz=DRIFT_CUTOFF_HZ, high_hz=None)
        _, _, axes = np.linalg.svd(centred, full_matrices=False)
        along: NDArray[np.float64] = centred @ axes[0]
        return along

    def _limb_trace(self, cells: list[int], span: Span) -> NDArray[np.float64]:
        """Displacement (source px) of the cell whose limb flow swings widest."""
        best: NDArray[np.float64] | None = None
        best_size = -1.0
        for cell in cells:
            limb = self._limb_displacement[span.start : span.stop, cell, :]
            along = self._along_axis(limb)
            low, high = np.percentile(along, [5, 95])
            if float(high - low) > best_size:
                best, best_size = along, float(high - low)
        return (best if best is not None else np.zeros(span.stop - span.start)) * self._scale

    def confinement(self, span: Span, *, frequency_hz: float) -> float:
        """How much more of a rhythm's power the most moving cells hold than the median cell:
        the mean power within 15 % of ``frequency_hz`` of the :data:`TRACE_CELLS` strongest
        cells over that of the median cell (dimensionless; 1 when the rhythm is everywhere).

        Principle: a limb's tremor is confined to the few cells the limb covers, whereas what
        a hand's shake leaves after the camera's motion is removed is spread over the whole
        frame, at the same 8-12 Hz a tremor can have; where the motion is tells them apart.

        The median is taken over the cells whose texture runs in every direction (see
        :data:`MIN_TEXTURE_RATIO`) when there are enough of them: like is compared with
        like. A cell of stripes shows motion across the stripes only (the aperture problem:
        Horn BKP, Schunck BG, 1981, Artificial Intelligence 17:185-203), so on a pinstriped
        blanket the shake's residual is seen in full on the infant's body alone, and the
        median over all cells made it look confined to the infant (100 times the median
        cell's power for a 1.4 px hand shake at 8.9 Hz, read as a tremor).
        """
        count = span.stop - span.start
        if count < 8:
            return 0.0
        # in pieces of at most _BLOCK_SAMPLES (averaged), so a long episode needs no spectrum
        # of every cell over its whole length at once
        pieces = max(1, int(np.ceil(count / _BLOCK_SAMPLES)))
        edges = np.linspace(span.start, span.stop, pieces + 1).astype(int)
        power = np.zeros(self._displacement.shape[1])
        found = False
        for begin, stop in itertools.pairwise(edges):
            part = self._displacement[begin:stop].astype(np.float64)
            part -= part.mean(axis=0)
            taper = np.hanning(part.shape[0])[:, np.newaxis, np.newaxis]
            spectrum = np.abs(np.fft.rfft(part * taper, axis=0)) ** 2
            freqs = np.fft.rfftfreq(part.shape[0], d=1.0 / self._fs_hz)
            band = (freqs >= 0.85 * frequency_hz) & (freqs <= 1.15 * frequency_hz)
            if np.any(band):
                power += spectrum[band].sum(axis=(0, 2))
                found = True
        if not found:
            return 0.0
        strongest = float(np.sort(power)[::-1][:TRACE_CELLS].mean())
        reference = power
        if self._textured is not None and np.count_nonzero(self._textured) >= MIN_TEXTURED_CELLS:
            reference = power[self._textured]
        median = float(np.median(reference))
        return strongest / median if median > 0 else float("inf")

    def _energy(self, span: Span) -> NDArray[np.float64]:
        """Each cell's summed squared speed over ``span`` (see :func:`_cell_power`), from the
        displacements again, a block of samples at a time: a sample's speed needs only it and
        the sample before, so nothing of the whole clip need be kept for it."""
        energy = np.zeros(self._displacement.shape[1])
        for begin in range(span.start, span.stop, _BLOCK_SAMPLES):
            stop = min(span.stop, begin + _BLOCK_SAMPLES)
            first = max(0, begin - 1)  # the sample before, for the first speed
            power = _cell_power(self._displacement[first:stop], fs_hz=self._fs_hz, grid=self._grid)
            energy += np.sum(power[begin - first :], axis=0, dtype=np.float64)
        return energy

    def _moving_energy(self, span: Span) -> NDArray[np.float64] | None:
        """Each cell's energy over ``span`` (summed squared speed) where it exceeds what
        :data:`NOISE_RATIO` times the cell's still level would give over the span (see
        :func:`_cell_activity`), 0 where it does not; ``None`` without still levels or when
        no cell moves above its own noise."""
        if self._still is None:
            return None
        energy = self._energy(span)
        moving = energy - (span.stop - span.start) * (NOISE_RATIO * self._still) ** 2
        if not np.any(moving > 0):
            return None
        return np.where(moving > 0, energy, 0.0)

    def _pooled(
        self, energy: NDArray[np.float64], span: Span
    ) -> tuple[list[int], NDArray[np.float64]]:
        """The :data:`TRACE_CELLS` cells of most ``energy`` (those with a
        :data:`TRACE_ENERGY_SHARE` of the first's at least) and their energy-weighted trace
        along each cell's axis, signs aligned."""
        order = np.argsort(energy)[::-1][:TRACE_CELLS]
        chosen = [int(c) for c in order if energy[c] >= TRACE_ENERGY_SHARE * energy[order[0]]]
        combined = np.zeros(span.stop - span.start)
        reference: NDArray[np.float64] | None = None
        for cell in chosen:
            along = self._along_axis(self._displacement[span.start : span.stop, cell, :])
            if reference is None:
                reference = along
            elif float(np.dot(along, reference)) < 0:
                along = -along
            combined += along * float(energy[cell])
        combined /= float(sum(energy[c] for c in chosen)) or 1.0
        return [int(c) for c in order], combined

    def trace(self, span: Span) -> EpisodeTrace:
        """The trace of ``span`` from the cells that move most in it.

        Principle: the cells are chosen again for every stretch, and also by how far they move
        above their own still level (:meth:`_moving_energy`), not only by how much they move.
        A cell whose picture shimmers (sensor noise on a fine fur texture, 12-15 Hz: 20-27
        px/s all through a tripod clip) moves as much as a 2.9 px tremor of the foot after a
        kick (20-28 px/s) but never more than in its own quiet times; chosen by raw energy it
        took the tremor's place, and the tremor read as 2.9 Hz, rhythmicity 0.14 (the foot's
        cell alone: 9.7 Hz, 0.94). A cell's still level tells the two apart only when the
        limb rests a fifth of the time: a leg in tremor and then in clonic jerks moves all
        along, and its still level is its own tremor. So only when the most moving cell does
        not move above its own noise in the stretch are the cells that do tried instead, and
        the trace that repeats better at its own period is kept (a shimmer is broadband).
        They must move at least :data:`TRACE_ENERGY_SHARE` as much as the top cell, as a
        pooled cell must: trying any cell above its own noise found a rhythm of 1.3 Hz,
        0.79, in cells beside a hand-held clip's kicking, which went on all through it.
        """
        energy = self._energy(span)
        order, combined = self._pooled(energy, span)
        moving = self._moving_energy(span)
        # the top cell is not above its noise, and a cell that is moves as much as a cell
        # pooled with the top one would
        if (
            moving is not None
            and moving[order[0]] <= 0
            and float(moving.max()) >= TRACE_ENERGY_SHARE * float(energy[order[0]])
        ):
            moving_order, moving_combined = self._pooled(moving, span)
            if moving_order[:1] != order[:1]:
                _, rhythm = measure_window_rhythm(combined, fs_hz=self._fs_hz)
                _, moving_rhythm = measure_window_rhythm(moving_combined, fs_hz=self._fs_hz)
                if moving_rhythm > rhythm:
                    order, combined = moving_order, moving_combined
        return EpisodeTrace(
            displacement=combined,
            amplitude_trace=self._limb_trace(order, span),
            amplitude_scale=self._scale,
            at_border=self._on_border(order[0]),
        )


def _lowpass_columns(
    displacement: NDArray[np.float32], *, fs_hz: float, high_hz: float
) -> NDArray[np.float32]:
    """Zero-phase low-pass of every cell's displacement, a block of columns at a time."""
    flat = displacement.reshape(displacement.shape[0], -1)
    out = np.empty_like(flat)
    for begin in range(0, flat.shape[1], _FILTER_COLUMNS):
        block = slice(begin, begin + _FILTER_COLUMNS)
        out[:, block] = bandpass(
            flat[:, block].astype(np.float64), fs_hz=fs_hz, low_hz=None, high_hz=high_hz
        )
    return out.reshape(displacement.shape)


def _cell_power(
    displacement: NDArray[np.float32], *, fs_hz: float, grid: tuple[int, int]
) -> NDArray[np.float32]:
    """Squared speed of each cell, ``(n, cells)``, from displacements ``(n, cells, 2)`` or
    ``(n, rows, cols, 2)``, averaged with its neighbours' (a limb moves
    coherently over them, noise does not), in time blocks so long clips need no big
    temporaries."""
    from scipy.ndimage import uniform_filter

    rows, cols = grid
    n = displacement.shape[0]
    power = np.empty((n, rows * cols), dtype=np.float32)
    for begin in range(0, n, _BLOCK_SAMPLES):
        stop = min(n, begin + _BLOCK_SAMPLES)
        previous = displacement[begin - 1 : begin] if begin else displacement[:1]
        velocity = np.diff(displacement[begin:stop], axis=0, prepend=previous) * np.float32(fs_hz)
        coherent = uniform_filter(
            velocity.reshape(stop - begin, rows, cols, 2), size=(1, 2, 2, 1), mode="nearest"
        )
        power[begin:stop] = np.sum(coherent**2, axis=3).reshape(stop - begin, rows * cols)
    return power


def _envelope_levels(
    power: NDArray[np.float32], *, fs_hz: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The highest smoothed cell speed of each sample, ``(n,)``, and each cell's still level,
    ``(cells,)`` (see :func:`_cell_activity`), a block of cells at a time (each cell is
    smoothed on its own, so no envelope of the whole clip is held)."""
    from scipy.ndimage import uniform_filter1d

    window = max(1, round(CELL_WINDOW_S * fs_hz))
    top = np.zeros(power.shape[0], dtype=np.float32)
    still = np.empty(power.shape[1])
    for begin in range(0, power.shape[1], _FILTER_COLUMNS):  # bounded temporaries
        block = slice(begin, begin + _FILTER_COLUMNS)
        envelope = uniform_filter1d(power[:, block], window, axis=0, mode="nearest")
        np.sqrt(np.maximum(envelope, 0.0, out=envelope), out=envelope)
        np.maximum(top, envelope.max(axis=1), out=top)
        still[block] = np.percentile(envelope, STILL_PERCENTILE, axis=0)
    return top.astype(np.float64), still


def _banded_levels(
    displacement: NDArray[np.float32], *, fs_hz: float, grid: tuple[int, int], slow: bool
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """The highest smoothed cell speed of each sample ``(n,)``, each cell's still level and its
    energy (summed squared speed) ``(cells,)``, of the displacements as they are or (``slow``)
    low-passed at :data:`SLOW_BAND_HZ`.

    Computed :data:`_BAND_ROWS` grid rows at a time, each band with one row of its
    neighbours on either side: the low-pass and the smoothing act on each cell alone and the
    neighbour average reaches one cell away, so every band's own rows come out as from the
    whole grid, and no speed (or low-passed copy) of the whole clip is ever held: the
    temporaries are a few rows of the grid whatever the clip's length.
    """
    rows, cols = grid
    n = displacement.shape[0]
    by_row = displacement.reshape(n, rows, cols, 2)
    top = np.zeros(n)
    still = np.empty(rows * cols)
    energy = np.empty(rows * cols)
    for first in range(0, rows, _BAND_ROWS):
        last = min(rows, first + _BAND_ROWS)
        low, high = max(0, first - 1), min(rows, last + 1)
        # a view of an in-memory array; of the flow stage's store on disk, these rows read back
        # (a block of frames at a time): only the band's rows are ever in memory
        band = by_row[:, low:high]
        if slow:  # low-passed a grid row at a time (each row's cells are one strided block)
            rows_read = band
            band = np.empty((n, high - low, cols, 2), dtype=np.float32)
            for row in range(low, high):
                band[:, row - low] = _lowpass_columns(
                    rows_read[:, row - low], fs_hz=fs_hz, high_hz=SLOW_BAND_HZ
                )
            del rows_read
        power = _cell_power(band, fs_hz=fs_hz, grid=(high - low, cols))
        del band
        own = slice((first - low) * cols, (last - low) * cols)
        band_top, band_still = _envelope_levels(power[:, own], fs_hz=fs_hz)
        np.maximum(top, band_top, out=top)
        still[first * cols : last * cols] = band_still
        energy[first * cols : last * cols] = np.sum(power[:, own], axis=0, dtype=np.float64)
    return top, still, energy


class CellActivity(NamedTuple):
    """What :func:`_cell_activity` measures of a clip's cells (analysis px/s)."""

    top: NDArray[np.float64]  # (n,): the highest smoothed cell speed of each sample
    noise: float  # the noise floor
    border: float  # the residual motion at the frame's border
    energy: NDArray[np.float64]  # (cells,): summed squared speed
    still: NDArray[np.float64]  # (cells,): each cell's still level


def _cell_activity(
    displacement: NDArray[np.float32], *, fs_hz: float, grid: tuple[int, int], slow: bool = False
) -> CellActivity:
    """The highest smoothed cell speed of each sample, the noise floor, the residual motion
    at the frame's border, each cell's energy and its still level (see
    :func:`_banded_levels`).

    Principle: movement is judged against the noise floor of the still parts of the clip,
    not against its movement. Each cell's still level is its quietest
    :data:`STILL_PERCENTILE`-th percentile over time (a limb rests now and then, the noise is
    there all along), and the floor is the :data:`NOISE_PERCENTILE`-th percentile of those
    over the cells (the activity is the highest cell, so its noise is that of the noisier
    cells). Taken per frame instead, over the cells, a large infant whose legs fill more than
    a tenth of the picture set the floor to its own kicking (an 80 px kick then hid a 3 px
    tremor, and the clip was judged shaken). The border level is the median still level of
    the cells along the frame's edge: a camera that moves leaves residual motion there too,
    a limb in the middle does not.
    """
    rows, cols = grid
    top, still, energy = _banded_levels(displacement, fs_hz=fs_hz, grid=grid, slow=slow)
    noise = float(np.percentile(still, NOISE_PERCENTILE))
    ring = np.ones((rows, cols), dtype=bool)
    ring[1:-1, 1:-1] = False
    border = float(np.median(still[ring.ravel()]))
    return CellActivity(top, noise, border, energy, still)


def build_measurement(
    series: FlowSeries, *, scale_to_source: float
) -> tuple[MotionMeasurement, float, float]:
    """Resample the flow series evenly and wrap it for the core.

    Returns
    -------
    (MotionMeasurement, float, float)
        The measurement (activity in source px/s), the even sampling rate in Hz, and the
        residual motion at the frame's border (analysis px/s; see :func:`_cell_activity`).
    """
    times = series.times_s
    duration = float(times[-1] - times[0]) if times.size > 1 else 0.0
    fs_hz = (times.size - 1) / duration if duration > 0 else 30.0
    grid = times[0] + np.arange(max(2, int(np.floor(duration * fs_hz)) + 1)) / fs_hz
    rows, cols = series.cell_displacement.shape[1:3]
    # at a constant frame rate these are the flow stage's own arrays, not copies
    displacement = _resample(
        times, series.cell_displacement.reshape(times.size, rows * cols, 2), grid
    ).astype(np.float32, copy=False)
    limb_displacement = _resample(
        times, series.limb_displacement.reshape(times.size, rows * cols, 2), grid
    ).astype(np.float32, copy=False)
    top, noise, border, energy, still = _cell_activity(displacement, fs_hz=fs_hz, grid=(rows, cols))
    threshold_analysis = max(MIN_THRESHOLD_PX_S, NOISE_RATIO * noise)
    if 0.45 * fs_hz > SLOW_BAND_HZ:  # the slow band lies inside the analysed band
        # the slow channel: hand shake and the compression noise that comes with it sit
        # mostly above a few Hz, so slow jerks and kicks stand out better below
        slow_top, slow_noise, *_ = _cell_activity(
            displacement, fs_hz=fs_hz, grid=(rows, cols), slow=True
        )
        slow_threshold = max(MIN_THRESHOLD_PX_S, NOISE_RATIO * slow_noise)
        # on the broadband scale: a slow movement counts as far above its own noise floor
        np.maximum(top, slow_top * (threshold_analysis / slow_threshold), out=top)
    best = int(np.argmax(energy))
    best_cell = displacement[:, best, :]
    centred = best_cell - best_cell.mean(axis=0)
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    overview = bandpass(centred @ axes[0], fs_hz=fs_hz, low_hz=0.3, high_hz=None) * scale_to_source
    measurement = MotionMeasurement(
        activity=Signal(top * scale_to_source, fs_hz, "px/s", "video"),
        threshold=threshold_analysis * scale_to_source,
        traces=CellTraces(
            displacement,
            limb_displacement,
            grid=(rows, cols),
            scale=scale_to_source,
            fs_hz=fs_hz,
            textured=None
            if series.cell_texture is None
            else series.cell_texture.ravel() >= MIN_TEXTURE_RATIO,
            still_px_s=still,
        ),
        overview=Signal(overview, fs_hz, "px", "video"),
        amplitude_unit="px",
        slow_rhythms=True,
    )
    return measurement, fs_hz, border


def assess_quality(
    series: FlowSeries, *, fs_hz: float, scale_to_source: float, width: int, height: int
) -> tuple[list[QualityIssue], bool]:
    """Quality issues of a clip and whether it can be judged at all."""
    issues: list[QualityIssue] = []
    usable = True
    duration = float(series.times_s[-1] - series.times_s[0]) if series.times_s.size > 1 else 0.0
    if duration < MIN_DURATION_S:
        issues.append(QualityIssue.TOO_SHORT)
        usable = False
    luma = float(np.median(series.luma)) if series.luma.size else 0.0
    if luma < DARK_LUMA:
        issues.append(QualityIssue.TOO_DARK)
        if luma < UNUSABLE_LUMA or float(np.median(series.contrast)) < MIN_CONTRAST:
            usable = False
    if fs_hz < LOW_FPS:
        issues.append(QualityIssue.LOW_FRAME_RATE)
    if series.luma.size > 2 and luma > 0:
        spread = float(np.percentile(series.luma, 95) - np.percentile(series.luma, 5)) / luma
        if spread > EXPOSURE_CHANGE_RATIO:
            issues.append(QualityIssue.EXPOSURE_CHANGES)
    if series.times_s.size > 8 and duration > 0:
        path = np.cumsum(series.camera_shift, axis=0) * scale_to_source
        grid = series.times_s[0] + np.arange(int(duration * fs_hz)) / fs_hz
        even = _resample(series.times_s, path, grid)
        shake = bandpass(
            even, fs_hz=fs_hz, low_hz=SHAKE_BAND_HZ[0], high_hz=min(SHAKE_BAND_HZ[1], 0.45 * fs_hz)
        )
        shake_px = float(np.sqrt(2.0) * np.sqrt(np.mean(np.sum(shake**2, axis=1))))
        pan_speed = float(np.linalg.norm(even[-1] - even[0])) / duration
        too_much = (
            pan_speed > MAX_PAN_FRAMES_PER_S * max(width, height)
            or shake_px > MAX_SHAKE_SHARE * min(width, height)
            or float(np.median(series.inlier_fraction)) < MIN_INLIER_FRACTION
        )
        if too_much:
            issues.append(QualityIssue.TOO_MUCH_CAMERA_MOVEMENT)
            usable = False
        elif shake_px > SHAKE_FLAG_PX:
            issues.append(QualityIssue.CAMERA_SHAKE)
    return issues, usable
