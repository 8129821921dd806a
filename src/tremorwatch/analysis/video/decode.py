"""Stream the frames of a phone video with PyAV: small grey frames, own timestamps, rotation.

Frames are decoded one at a time and reduced at once to a small grey image (the analysis
resolution), so memory stays flat whatever the length. Each frame keeps its own presentation
timestamp (variable frame rate), and the rotation stored by phones (display matrix) is applied
so a portrait clip is analysed upright. Every failure of the decoder becomes a
:class:`~tremorwatch.errors.RecordingError` that says what is wrong with the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from tremorwatch.errors import RecordingError

#: Longest side of the analysis image, pixels (before rotation). Sub-pixel optical flow at this
#: size resolves the few-pixel movements of a tremor in a 720p or 1080p clip.
ANALYSIS_LONG_SIDE_PX = 320
#: Source pictures at least this many times larger than the analysis image are decoded without
#: the H.264/HEVC deblocking filter: shrinking by area averaging smooths the block edges
#: anyway, and the filter is a sixth of the decoding time. (At the analysis size itself the
#: filter is kept: there its smoothing is visible to the flow.)
SKIP_DEBLOCKING_SHRINK = 2.0


@dataclass(frozen=True)
class VideoInfo:
    """The video stream as displayed.

    Attributes
    ----------
    width, height
        Displayed size in pixels, after rotation.
    analysis_width, analysis_height
        Size of the analysis frames (displayed orientation), pixels.
    rotation_deg
        Counter-clockwise rotation applied for display (0, 90, 180, 270).
    nominal_fps
        Frame rate declared by the container (frames/s), or 0 when unknown.
    expected_frames
        Frame count declared by the container (or estimated from its duration), 0 if unknown.
    codec
        Decoder name.
    declared_duration_s
        Duration of the video track stated by the container (s), 0 if unknown.
    """

    width: int
    height: int
    analysis_width: int
    analysis_height: int
    rotation_deg: int
    nominal_fps: float
    expected_frames: int
    codec: str
    declared_duration_s: float = 0.0

    @property
    def scale_to_source(self) -> float:
        """Factor from analysis pixels to source pixels."""
        return max(self.width, self.height) / max(self.analysis_width, self.analysis_height)


@dataclass(frozen=True)
class AnalysisFrame:
    """One decoded frame: its time (s from the first frame) and its small grey image."""

    time_s: float
    grey: NDArray[np.uint8]


def _open(path: Path) -> Any:
    import av

    if not path.exists():
        raise RecordingError(f"No file at {path}.")
    if path.is_dir():
        raise RecordingError(f"{path} is a folder, not a video file.")
    if path.stat().st_size == 0:
        raise RecordingError(f"{path.name} is empty (0 bytes); record or copy the video again.")
    try:
        return av.open(str(path), "r")
    except av.error.FFmpegError as exc:
        raise RecordingError(
            f"{path.name} is not a video tremorwatch can read, or it is damaged or cut short "
            f"({exc.strerror or type(exc).__name__}). Use an MP4, MOV or WebM file straight "
            "from the phone."
        ) from None


def _rotation(value: float | int | None) -> int:
    if value is None:
        return 0
    return round(float(value) / 90.0) % 4 * 90


def _analysis_size(width: int, height: int) -> tuple[int, int]:
    factor = min(1.0, ANALYSIS_LONG_SIDE_PX / max(width, height))
    return max(16, round(width * factor / 2) * 2), max(16, round(height * factor / 2) * 2)


class VideoReader:
    """Open a video and iterate over its analysis frames (a context manager).

    Raises
    ------
    RecordingError
        Missing, empty, non-video, audio-only, damaged or truncated file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._container = _open(path)
        streams = list(self._container.streams.video)
        if not streams:
            kinds = sorted({s.type for s in self._container.streams})
            self._container.close()
            has = f" (it holds only {', '.join(kinds)})" if kinds else ""
            raise RecordingError(f"{path.name} has no video track{has}; send the video itself.")
        self._stream = streams[0]
        self._stream.thread_type = "AUTO"
        context = self._stream.codec_context
        if max(context.width, context.height) >= SKIP_DEBLOCKING_SHRINK * ANALYSIS_LONG_SIDE_PX:
            context.options = {**context.options, "skip_loop_filter": "all"}
        self._first: Any = None
        self._frames = self._decode()
        try:
            self._first = next(self._frames)
        except StopIteration:
            self.close()
            raise RecordingError(
                f"{path.name} has a video track but no picture could be decoded; the file is "
                "damaged or cut short."
            ) from None
        stored_w, stored_h = self._first.width, self._first.height
        rotation = _rotation(getattr(self._first, "rotation", 0))
        self._rotation = rotation
        width, height = (stored_h, stored_w) if rotation in (90, 270) else (stored_w, stored_h)
        self._stored_analysis = _analysis_size(stored_w, stored_h)
        aw, ah = self._stored_analysis
        analysis = (ah, aw) if rotation in (90, 270) else (aw, ah)
        rate = self._stream.average_rate or self._stream.guessed_rate
        nominal = float(rate) if rate else 0.0
        expected = int(self._stream.frames or 0)
        if not expected and self._stream.duration and self._stream.time_base and nominal:
            expected = int(float(self._stream.duration * self._stream.time_base) * nominal)
        declared = 0.0
        if self._stream.duration and self._stream.time_base:
            declared = float(self._stream.duration * self._stream.time_base)
        elif self._container.duration:
            declared = self._container.duration / 1_000_000  # AV_TIME_BASE: microseconds
        self.info = VideoInfo(
            width=width,
            height=height,
            analysis_width=analysis[0],
            analysis_height=analysis[1],
            rotation_deg=rotation,
            nominal_fps=nominal,
            expected_frames=expected,
            codec=self._stream.codec_context.name,
            declared_duration_s=declared,
        )

    def _decode(self) -> Iterator[Any]:
        import av

        try:
            yield from self._container.decode(self._stream)
        except av.error.FFmpegError as exc:
            raise RecordingError(
                f"{self.path.name} is damaged or cut short: decoding stopped with "
                f"'{exc.strerror or type(exc).__name__}'. Copy the file from the phone again."
            ) from None

    def frames(self) -> Iterator[AnalysisFrame]:
        """Analysis frames in presentation order, with times from the first frame (s)."""
        aw, ah = self._stored_analysis
        turns = self._rotation // 90
        origin: float | None = None
        nominal = self.info.nominal_fps or 30.0
        first = self._first
        self._first = None
        stream = [first] if first is not None else []
        for index, frame in enumerate(_chain(stream, self._frames)):
            small = _small_grey(frame, aw, ah)
            if turns:
                small = np.ascontiguousarray(np.rot90(small, k=turns))
            stamp = frame.time if frame.time is not None else index / nominal
            if origin is None:
                origin = stamp
            yield AnalysisFrame(time_s=float(stamp - origin), grey=small)

    def check_complete(self, decoded_duration_s: float) -> None:
        """Raise if far less picture was decoded than the container declares (a cut file)."""
        declared = self.info.declared_duration_s
        if declared > 0 and decoded_duration_s < 0.8 * declared - 1.0:
            raise RecordingError(
                f"{self.path.name} is cut short: it declares {declared:.1f} s of video but only "
                f"{decoded_duration_s:.1f} s could be decoded. Copy the file from the phone again."
            )

    def close(self) -> None:
        """Release the decoder."""
        self._container.close()

    def __enter__(self) -> VideoReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: 8-bit pixel formats whose first plane is the luma (grey) picture.
_LUMA_FIRST_FORMATS = frozenset(
    {"yuv420p", "yuvj420p", "yuv422p", "yuvj422p", "yuv444p", "yuvj444p", "nv12", "nv21", "gray"}
)


def _small_grey(frame: Any, width: int, height: int) -> NDArray[np.uint8]:
    """The frame's luma plane shrunk to ``width`` x ``height`` (area averaging).

    Reading the Y plane in place and shrinking it with OpenCV is several times faster than a
    full colour conversion by swscale; other pixel formats go through swscale.
    """
    import cv2

    if frame.format.name in _LUMA_FIRST_FORMATS:
        plane = frame.planes[0]
        rows = np.frombuffer(plane, dtype=np.uint8).reshape(plane.height, plane.line_size)
        luma = rows[:, : plane.width]
        if (plane.width, plane.height) == (width, height):
            return np.ascontiguousarray(luma)
        small = cv2.resize(luma, (width, height), interpolation=cv2.INTER_AREA)
        return np.asarray(small, dtype=np.uint8)
    converted: NDArray[np.uint8] = frame.reformat(
        width=width, height=height, format="gray"
    ).to_ndarray()
    return converted


def _chain(first: list[Any], rest: Iterator[Any]) -> Iterator[Any]:
    yield from first
    yield from rest
