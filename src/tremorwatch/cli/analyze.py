"""``tremorwatch analyze FILE``: measure the shaking in a video or an accelerometer CSV."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from tremorwatch.cli._output import format_option, print_json

#: Show a progress bar for videos larger than this (bytes) when stderr is a terminal.
PROGRESS_MIN_BYTES = 5_000_000


@contextmanager
def _progress(path: Path, enabled: bool) -> Iterator[Callable[[float], None] | None]:
    if not enabled:
        yield None
        return
    with click.progressbar(
        length=1000, label=f"Analysing {path.name}", file=sys.stderr, show_eta=True
    ) as bar:
        done = 0

        def update(fraction: float) -> None:
            nonlocal done
            target = int(max(0.0, min(1.0, fraction)) * 1000)
            if target > done:
                bar.update(target - done)
                done = target

        yield update


def _text(result: Any) -> str:
    from tremorwatch.domain.filming import filming_advice

    source = result.source
    lines = [f"Recording: {source.kind}, {source.duration_s:.1f} s"]
    if source.kind == "video":
        lines[0] += f", {source.width}x{source.height} px, {source.fps:.1f} frames/s"
    else:
        lines[0] += f", {source.sample_rate_hz:.0f} samples/s"
    quality = "usable" if result.quality.usable else "CANNOT BE JUDGED"
    issues = ", ".join(i.value.replace("_", " ") for i in result.quality.issues)
    lines.append(f"Quality: {quality}" + (f" ({issues})" if issues else ""))
    if not result.quality.usable and result.episodes:
        lines.append("Only large movements could be measured; small shaking cannot be ruled out.")
    advice = filming_advice(result.quality)
    if advice is not None:
        lines.append(f"What to do: {advice}")
    freq = result.dominant_frequency_hz
    lines.append(
        f"Pattern: {result.pattern.value}" + (f", dominant frequency {freq:.1f} Hz" if freq else "")
    )
    if not result.episodes:
        lines.append("No episodes of limb movement found.")
    for number, episode in enumerate(result.episodes, start=1):
        hz = f"{episode.frequency_hz:.1f} Hz" if episode.frequency_hz is not None else "no rhythm"
        lines.append(
            f"  {number}. {episode.start_s:6.1f}-{episode.end_s:6.1f} s  {episode.pattern.value:9s}"
            f"  {hz:9s}  amplitude {episode.amplitude:g} {episode.amplitude_unit}"
            f"  rhythmicity {episode.rhythmicity:.2f}"
        )
    lines.append("Decision support, not a diagnosis: show the video to your doctor.")
    return "\n".join(lines)


@click.command(help="Measure the shaking in a video or an accelerometer CSV.")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@format_option()
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also draw the motion signal, episodes and frequency over time (.png or .svg).",
)
@click.option(
    "--kind",
    type=click.Choice(["auto", "video", "accelerometer"]),
    default="auto",
    show_default=True,
    help="What FILE is (auto: by suffix, else by content).",
)
@click.option("--units", type=click.Choice(["m/s2", "g"]), help="CSV acceleration units.")
@click.option("--time-column", help="CSV time column name (default time_s).")
@click.option(
    "--time-format",
    type=click.Choice(["seconds", "milliseconds", "iso"]),
    help="How CSV times are written (iso: 2026-01-05T10:00:00.125).",
)
@click.option("--columns", help="CSV x,y,z column names, comma-separated (default ax,ay,az).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr.")
def app(
    *,
    file: Path,
    fmt: str,
    plot_path: Path | None,
    kind: str,
    units: str | None,
    time_column: str | None,
    time_format: str | None,
    columns: str | None,
    progress: bool | None,
) -> None:
    """Analyse FILE and print the tremorwatch.motion-analysis/1 result."""
    from tremorwatch.services.analysis import (
        analyse_recording_detail,
        detect_kind,
        plot_analysis,
    )

    options = {
        key: value
        for key, value in {
            "units": units,
            "time_column": time_column,
            "time_format": time_format,
            "columns": columns,
        }.items()
        if value is not None
    }
    is_video = file.is_file() and (
        kind == "video" or (kind == "auto" and detect_kind(file) == "video")
    )
    show = progress
    if show is None:
        show = sys.stderr.isatty() and is_video and file.stat().st_size > PROGRESS_MIN_BYTES
    with _progress(file, bool(show)) as update:
        detail = analyse_recording_detail(file, progress=update, kind=kind, **options)  # type: ignore[arg-type]
    result = detail.result
    if plot_path is not None:
        plot_analysis(detail, plot_path)
    if fmt == "json":
        print_json(result.to_json_dict())
    else:
        click.echo(_text(result))
        if plot_path is not None:
            click.echo(f"Plot written to {plot_path}")
