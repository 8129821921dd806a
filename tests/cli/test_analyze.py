"""``tremorwatch analyze``: JSON and text output, --plot, CSV layout options, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tremorwatch.analysis.synthetic import (
    write_synthetic_accelerometer_csv,
    write_synthetic_clip,
)
from tremorwatch.cli.main import cli


def test_json_for_a_video_and_a_plot(tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    write_synthetic_clip(clip, pattern="tremor", frequency_hz=7.0, duration_s=5.0)
    plot = tmp_path / "plot.png"
    result = CliRunner().invoke(
        cli, ["analyze", str(clip), "--format", "json", "--plot", str(plot)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "tremorwatch.motion-analysis/1"
    assert data["pattern"] == "tremor"
    assert abs(data["dominant_frequency_hz"] - 7.0) <= 0.15
    assert data["source"]["kind"] == "video" and data["source"]["width"] == 320
    assert plot.read_bytes()[:4] == b"\x89PNG"


def test_text_for_a_csv_in_g_with_other_columns(tmp_path: Path) -> None:
    csv_path = tmp_path / "sensor.csv"
    write_synthetic_accelerometer_csv(
        csv_path,
        pattern="clonic",
        frequency_hz=2.0,
        units="g",
        time_format="iso",
        columns=("when", "x", "y", "z"),
    )
    args = [
        "analyze",
        str(csv_path),
        "--units",
        "g",
        "--time-column",
        "when",
        "--time-format",
        "iso",
        "--columns",
        "x,y,z",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Pattern: clonic, dominant frequency 2.0 Hz" in result.stdout
    assert "m/s2" in result.stdout and "Quality: usable" in result.stdout


def test_text_for_kicks_filmed_with_a_shaking_phone(tmp_path: Path) -> None:
    """The kicks are listed, and the text says that small shaking could not be judged."""
    clip = tmp_path / "kicks.mp4"
    write_synthetic_clip(clip, pattern="kicking", duration_s=6.0, seed=7, camera_shake_hz=9.0)
    result = CliRunner().invoke(cli, ["analyze", str(clip)])
    assert result.exit_code == 0, result.output
    assert "Quality: CANNOT BE JUDGED" in result.stdout
    assert "too much camera movement" in result.stdout
    assert "small shaking cannot be ruled out" in result.stdout
    assert "What to do: Film again with the phone resting on something steady" in result.stdout
    assert "Pattern: irregular" in result.stdout and "no rhythm" in result.stdout


def test_errors_are_one_sentence_with_exit_codes(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["analyze", str(empty)])
    assert result.exit_code == 3
    assert "empty (0 bytes)" in result.stderr and "Traceback" not in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("time,ax,ay,az\n0,1,2,3\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(bad)])
    assert result.exit_code == 3
    assert "no column 'time_s'" in result.stderr and "--time-column" in result.stderr
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "missing.mp4")])
    assert result.exit_code == 3 and "No recording file" in result.stderr


def test_progress_bar_only_when_asked(tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    write_synthetic_clip(clip, pattern="still", duration_s=3.0, width=160, height=120)
    quiet = CliRunner().invoke(cli, ["analyze", str(clip)])
    assert "Analysing" not in quiet.stderr
    shown = CliRunner().invoke(cli, ["analyze", str(clip), "--progress"])
    assert shown.exit_code == 0 and "Analysing clip.mp4" in shown.stderr
