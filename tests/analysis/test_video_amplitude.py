"""Known-answer tests of the video amplitude (source pixels, peak displacement of the foot).

The generator's amplitude is the peak displacement of the foot (half the peak-to-peak swing),
in pixels of the displayed source. The analysis measures it on the magnitude-weighted flow of
the cell that swings widest (see ``tremorwatch.analysis.video.measure``).

Tolerance: measured / true within 0.6-1.25. The method still reads short (median about
0.75 for tremor and 0.65 for clonic jerks on the benchmark set): DIS flow smooths the limb's
edge into the blanket, a 13 px cell near the foot also holds leg pixels nearer the hip (which
swing less), and the fast phase of a jerk (up to 10 px a frame) is followed short. The lower bound is the stated accuracy,
the upper bound guards against noise being taken for movement. The 640x480 clip checks that
analysis pixels are scaled to source pixels (its analysis image is half size).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tremorwatch.analysis.synthetic import GroundTruth
from tremorwatch.analysis.video.analyse import analyse_video

MakeClip = Callable[..., tuple[Path, GroundTruth]]

LOW_RATIO, HIGH_RATIO = 0.6, 1.25


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("amp_tremor2_f5", {"frequency_hz": 5.0, "amplitude_px": 2.0, "seed": 21}),
        ("amp_tremor4_f8", {"frequency_hz": 8.0, "amplitude_px": 4.0, "seed": 22}),
        ("amp_tremor6_f11", {"frequency_hz": 11.0, "amplitude_px": 6.0, "seed": 23}),
        (
            "amp_tremor6_f6_640",
            {"frequency_hz": 6.0, "amplitude_px": 6.0, "width": 640, "height": 480, "seed": 24},
        ),
    ],
)
def test_tremor_amplitude_in_source_pixels(
    make_clip: MakeClip, name: str, options: dict[str, Any]
) -> None:
    path, truth = make_clip(name, pattern="tremor", **options)
    result = analyse_video(path).result
    rhythmic = [e for e in result.episodes if e.frequency_hz is not None]
    assert rhythmic, result.episodes
    ratio = max(e.amplitude for e in rhythmic) / truth.amplitude
    assert LOW_RATIO <= ratio <= HIGH_RATIO, ratio


def test_still_clip_reports_no_amplitude(make_clip: MakeClip) -> None:
    path, _ = make_clip("amp_still", pattern="still", frequency_hz=None, seed=25)
    assert analyse_video(path).result.episodes == []
