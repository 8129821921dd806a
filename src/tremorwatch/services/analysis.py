"""Use case: analyse one recording file (a video or an accelerometer CSV).

:func:`analyse_recording_file` is what the web app's background job and ``tremorwatch analyze``
call; it returns the ``tremorwatch.motion-analysis/1`` result. :func:`analyse_recording_detail`
returns the same result together with the time series behind it (for plots and reports), and
:func:`plot_analysis` draws them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from tremorwatch._checks import check_option
from tremorwatch.domain.motion import MotionAnalysis
from tremorwatch.errors import InputError, RecordingError

if TYPE_CHECKING:
    from tremorwatch.analysis.pipeline import AnalysisDetail

RecordingKind = Literal["auto", "video", "accelerometer"]
CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
#: Options of :func:`analyse_recording_file` and what they mean.
CSV_OPTIONS = {
    "time_column": "name of the time column (default time_s)",
    "time_format": "seconds, milliseconds or iso (default seconds)",
    "columns": "names of the x, y, z columns (default ax, ay, az)",
    "units": "m/s2 or g (default m/s2)",
}


def detect_kind(path: Path) -> Literal["video", "accelerometer"]:
    """``accelerometer`` for a CSV (by suffix, or text content when there is none), else ``video``."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "accelerometer"
    if suffix:
        return "video"
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
        first_line = head.decode("utf-8").splitlines()[0] if head else ""
    except (OSError, UnicodeDecodeError, IndexError):
        return "video"
    return "accelerometer" if any(sep in first_line for sep in ",;\t") else "video"


def _layout(options: dict[str, Any]) -> Any:
    from tremorwatch.analysis.imu import CsvLayout

    unknown = sorted(set(options) - set(CSV_OPTIONS))
    if unknown:
        known = ", ".join(sorted(CSV_OPTIONS))
        raise InputError(
            f"Unknown analysis option {', '.join(unknown)}; the options are {known}.",
            field=unknown[0],
        )
    layout = CsvLayout()
    columns = options.get("columns", layout.columns)
    if isinstance(columns, str):
        columns = tuple(c.strip() for c in columns.split(","))
    if len(columns) != 3 or not all(columns):
        raise InputError(
            f"columns must name three columns (x, y, z); got {columns!r}.", field="columns"
        )
    return CsvLayout(
        time_column=str(options.get("time_column", layout.time_column)),
        time_format=check_option(
            "time_format",
            options.get("time_format", layout.time_format),
            ("seconds", "milliseconds", "iso"),
        ),
        columns=(str(columns[0]), str(columns[1]), str(columns[2])),
        units=check_option("units", options.get("units", layout.units), ("m/s2", "g")),
    )


def analyse_recording_detail(
    path: Path,
    *,
    progress: Callable[[float], None] | None = None,
    kind: RecordingKind = "auto",
    **options: Any,
) -> AnalysisDetail:
    """Analyse a recording and keep the time series behind the result.

    Parameters
    ----------
    path
        A video (MP4, MOV, WebM ...) or an accelerometer CSV.
    progress
        Called with the fraction done, 0 to 1.
    kind
        ``"video"``, ``"accelerometer"`` or ``"auto"`` (by suffix, else by content).
    **options
        CSV layout options (see ``CSV_OPTIONS``): ``time_column``, ``time_format``,
        ``columns``, ``units``.

    Returns
    -------
    AnalysisDetail
        ``.result`` is the :class:`~tremorwatch.domain.motion.MotionAnalysis`.

    Raises
    ------
    RecordingError
        The file cannot be read or decoded.
    InputError
        An option has a wrong name or value.
    """
    path = Path(path)
    check_option("kind", kind, ("auto", "video", "accelerometer"))
    if not path.is_file():
        raise RecordingError(f"No recording file at {path}.")
    chosen = detect_kind(path) if kind == "auto" else kind
    if chosen == "accelerometer":
        from tremorwatch.analysis.imu import analyse_accelerometer_csv

        layout = _layout(options)
        if progress is not None:
            progress(0.0)
        detail = analyse_accelerometer_csv(path, layout=layout)
        if progress is not None:
            progress(1.0)
        return detail
    if options:
        raise InputError(
            f"Option {sorted(options)[0]} applies to accelerometer CSV files, not to videos.",
            field=sorted(options)[0],
        )
    from tremorwatch.analysis.video.analyse import analyse_video

    return analyse_video(path, progress=progress)


def analyse_recording_file(
    path: Path,
    *,
    progress: Callable[[float], None] | None = None,
    kind: RecordingKind = "auto",
    **options: Any,
) -> MotionAnalysis:
    """Analyse a recording; the ``tremorwatch.motion-analysis/1`` result.

    Same parameters as :func:`analyse_recording_detail`.
    """
    return analyse_recording_detail(path, progress=progress, kind=kind, **options).result


def plot_analysis(
    detail: AnalysisDetail, out: Path | IO[bytes], *, fmt: Literal["png", "svg"] | None = None
) -> None:
    """Draw the motion signal, the episodes and the frequency over time into ``out``.

    ``fmt`` defaults to the suffix of ``out`` (``.png`` or ``.svg``), else PNG.
    """
    from tremorwatch.reports.motion_plot import render_motion_plot

    if fmt is None:
        suffix = out.suffix.lower().lstrip(".") if isinstance(out, Path) else "png"
        fmt = "svg" if suffix == "svg" else "png"
    render_motion_plot(detail, out, fmt=fmt)
