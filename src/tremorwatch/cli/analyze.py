"""``tremorwatch analyze FILE``: measure the shaking in a video or an accelerometer CSV."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from tremorwatch.cli._output import format_option, print_json
from tremorwatch.i18n import N_, translate
from tremorwatch.i18n import gettext as _

#: Show a progress bar for videos larger than this (bytes) when stderr is a terminal.
PROGRESS_MIN_BYTES = 5_000_000


@contextmanager
def _progress(path: Path, enabled: bool) -> Iterator[Callable[[float], None] | None]:
    if not enabled:
        yield None
        return
    with click.progressbar(
        length=1000,
        label=_("Analysing %(name)s") % {"name": path.name},
        file=sys.stderr,
        show_eta=True,
    ) as bar:
        done = 0

        def update(fraction: float) -> None:
            nonlocal done
            target = int(max(0.0, min(1.0, fraction)) * 1000)
            if target > done:
                bar.update(target - done)
                done = target

        yield update


#: Words for the codes in the text output (translated; the JSON output keeps the codes).
_WORDS = {
    "video": N_("video"),
    "accelerometer": N_("accelerometer"),
    "tremor": N_("tremor"),
    "clonic": N_("clonic"),
    "irregular": N_("irregular"),
    "none": N_("none"),
    "too_short": N_("too short"),
    "too_dark": N_("too dark"),
    "too_bright": N_("too bright"),
    "low_frame_rate": N_("low frame rate"),
    "camera_shake": N_("camera shake"),
    "too_much_camera_movement": N_("too much camera movement"),
    "limb_out_of_view": N_("limb out of view"),
    "no_movement": N_("no movement"),
    "exposure_changes": N_("exposure changes"),
    "signal_gaps": N_("signal gaps"),
    "low_sample_rate": N_("low sample rate"),
}


def _word(code: str) -> str:
    return _(_WORDS.get(code, code.replace("_", " ")))


def _text(result: Any) -> str:
    """The result for a person, in the language of ``LANG``."""
    from tremorwatch.domain.filming import filming_advice

    source = result.source
    lines = [
        _("Recording: %(kind)s, %(seconds)s s")
        % {"kind": _word(str(source.kind)), "seconds": f"{source.duration_s:.1f}"}
    ]
    if source.kind == "video":
        lines[0] += ", " + _("%(width)sx%(height)s px, %(fps)s frames/s") % {
            "width": source.width,
            "height": source.height,
            "fps": f"{source.fps:.1f}",
        }
    else:
        lines[0] += ", " + _("%(rate)s samples/s") % {"rate": f"{source.sample_rate_hz:.0f}"}
    quality = _("usable") if result.quality.usable else _("CANNOT BE JUDGED")
    issues = ", ".join(_word(i.value) for i in result.quality.issues)
    lines.append(
        _("Quality: %(quality)s") % {"quality": quality} + (f" ({issues})" if issues else "")
    )
    if not result.quality.usable and result.episodes:
        lines.append(
            _("Only large movements could be measured; small shaking cannot be ruled out.")
        )
    advice = filming_advice(result.quality)
    if advice is not None:
        lines.append(_("What to do: %(advice)s") % {"advice": translate(advice)})
    freq = result.dominant_frequency_hz
    lines.append(
        _("Pattern: %(pattern)s") % {"pattern": _word(result.pattern.value)}
        + (", " + _("dominant frequency %(hz)s Hz") % {"hz": f"{freq:.1f}"} if freq else "")
    )
    if not result.episodes:
        lines.append(_("No episodes of limb movement found."))
    for number, episode in enumerate(result.episodes, start=1):
        hz = (
            f"{episode.frequency_hz:.1f} Hz" if episode.frequency_hz is not None else _("no rhythm")
        )
        amplitude = _("amplitude %(value)s %(unit)s") % {
            "value": f"{episode.amplitude:g}",
            "unit": episode.amplitude_unit,
        }
        rhythm = _("rhythmicity %(value)s") % {"value": f"{episode.rhythmicity:.2f}"}
        lines.append(
            f"  {number}. {episode.start_s:6.1f}-{episode.end_s:6.1f} s  "
            f"{_word(episode.pattern.value):9s}  {hz:9s}  {amplitude}  {rhythm}"
        )
    lines.append(_("Decision support, not a diagnosis: show the video to your doctor."))
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
            click.echo(_("Plot written to %(path)s") % {"path": plot_path})
