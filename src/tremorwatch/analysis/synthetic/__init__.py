"""Synthetic recordings with exact ground truth, for tests, benchmarks and the web demo.

:func:`write_synthetic_clip` renders a phone-like video of a figure whose leg shakes (tremor),
jerks (clonic), kicks or lies still, with hand-held camera shake, exposure drift, breathing,
sensor noise and lossy compression. :func:`write_synthetic_accelerometer_csv` writes the same
movements as a wrist/ankle sensor would record them. Both return a :class:`GroundTruth`.
"""

from __future__ import annotations

from tremorwatch.analysis.synthetic.accelerometer import write_synthetic_accelerometer_csv
from tremorwatch.analysis.synthetic.clip import write_synthetic_clip
from tremorwatch.analysis.synthetic.waveforms import (
    PATTERNS,
    GroundTruth,
    SyntheticPattern,
    movement_waveform,
)

__all__ = [
    "PATTERNS",
    "GroundTruth",
    "SyntheticPattern",
    "movement_waveform",
    "write_synthetic_accelerometer_csv",
    "write_synthetic_clip",
]
