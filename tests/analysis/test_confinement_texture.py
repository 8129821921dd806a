"""A hand shake over a striped blanket is not taken for a limb's tremor: cells whose texture
runs one way only are left out of the confinement test's reference (known answers on
pictures and cell traces built here)."""

from __future__ import annotations

import numpy as np

from tremorwatch.analysis.segment import Span
from tremorwatch.analysis.video.flow import FlowTracker
from tremorwatch.analysis.video.measure import MIN_TEXTURE_RATIO, CellTraces

FS = 30.0


def test_stripes_read_as_one_dimensional_and_a_speckle_as_two() -> None:
    width, height = 320, 180
    x = np.arange(width)[np.newaxis, :].repeat(height, axis=0)
    stripes = (128 + 100 * np.sin(2 * np.pi * x / 6.0)).astype(np.uint8)
    rng = np.random.default_rng(0)
    speckle = rng.integers(0, 255, size=(height, width), dtype=np.uint8)
    for picture, low, high in ((stripes, 0.0, 0.05), (speckle, 0.3, 1.0)):
        tracker = FlowTracker(width, height)
        tracker.add(0.0, picture)
        texture = tracker.result().cell_texture
        assert texture is not None
        assert low <= float(np.median(texture)) <= high


def _traces(textured: np.ndarray | None) -> CellTraces:
    """24x13 cells, 4 s at 30 Hz: a 9 Hz oscillation of 1 px in the 40 cells of a body, 0.1 px
    in the rest (stripes show the shake across them only), noise everywhere."""
    rng = np.random.default_rng(1)
    n, cells = int(4 * FS), 24 * 13
    t = np.arange(n) / FS
    displacement = 0.02 * rng.normal(size=(n, cells, 2))
    wave = np.sin(2 * np.pi * 9.0 * t)[:, np.newaxis]
    body = np.zeros(cells, dtype=bool)
    body[100:140] = True
    displacement[:, body, 0] += 1.0 * wave
    displacement[:, ~body, 0] += 0.1 * wave
    return CellTraces(
        displacement.astype(np.float32),
        displacement.astype(np.float32),
        grid=(24, 13),
        scale=1.0,
        fs_hz=FS,
        textured=textured,
    )


def test_the_shake_on_the_only_well_textured_cells_is_not_confined() -> None:
    span = Span(0, int(4 * FS))
    body = np.zeros(24 * 13, dtype=bool)
    body[100:140] = True  # the body: the only cells with texture in every direction
    assert _traces(None).confinement(span, frequency_hz=9.0) > 15.0  # read as a limb before
    assert _traces(body).confinement(span, frequency_hz=9.0) < 5.0
    assert MIN_TEXTURE_RATIO > 0.05  # stripes (about 0.02) are left out


def test_a_tremor_in_a_few_cells_of_the_body_stays_confined() -> None:
    rng = np.random.default_rng(2)
    n, cells = int(4 * FS), 24 * 13
    t = np.arange(n) / FS
    displacement = 0.02 * rng.normal(size=(n, cells, 2))
    displacement[:, 110:114, 0] += 1.5 * np.sin(2 * np.pi * 9.0 * t)[:, np.newaxis]
    body = np.zeros(cells, dtype=bool)
    body[100:140] = True
    traces = CellTraces(
        displacement.astype(np.float32),
        displacement.astype(np.float32),
        grid=(24, 13),
        scale=1.0,
        fs_hz=FS,
        textured=body,
    )
    assert traces.confinement(Span(0, n), frequency_hz=9.0) > 15.0
