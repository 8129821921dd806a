"""Stream the frames of a phone video with PyAV: small grey frames, own timestamps, rotation.

Frames are decoded one at a time and reduced at once to a small grey image (the analysis
resolution), so memory stays flat whatever the length. Each frame keeps its own presentation
timestamp (variable frame rate), and the rotation stored by phones (display matrix) is applied
so a portrait clip is analysed upright. Every failure of the decoder becomes a
:class:`~tremorwatch.errors.RecordingError` that says what is wrong with the file.
"""

from __future__ import annotations

import os
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
#: Bits per pixel per frame below which the decoder uses slice threads only. Frame threads
#: decode several pictures at once and pay off when decoding is the slower half of the analysis
#: (a phone's 5-10 Mbit/s at 720p30, about 0.2); at a low bit rate decoding is quick and their
#: extra CPU time is taken from the optical flow on the other core (20 s 720p clip at 0.04:
#: 1.04 s with slice threads, 1.14 s with both; at 0.22: 2.0 s and 1.9 s).
FRAME_THREADS_MIN_BITS_PER_PIXEL = 0.1
#: Fewest decoder threads when frame threads are used. FFmpeg's default (cores + 1: 3 on 2
#: cores) keeps too few pictures in flight while the optical flow holds one of the cores: 6
#: took the 20 s 720p clip at a phone's bit rate from 1.86-2.10 s to 1.68-1.76 s on 2 cores
#: (median of five runs).
MIN_FRAME_THREADS = 6


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
    except (av.error.FFmpegError, UnicodeDecodeError) as exc:
        # a damaged header can hold metadata that is not text: PyAV then fails decoding it
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise RecordingError(
            f"{path.name} is not a video tremorwatch can read, or it is damaged or cut short "
            f"({reason}). Use an MP4, MOV or WebM file straight "
            "from the phone."
        ) from None


def _thread_type(stream: Any, container: Any) -> str:
    """PyAV's decoder threading for ``stream``: ``SLICE`` at a low bit rate, else ``AUTO``
    (frame and slice threads); see :data:`FRAME_THREADS_MIN_BITS_PER_PIXEL`."""
    context = stream.codec_context
    rate = float(stream.average_rate or stream.guessed_rate or 0)
    bits = stream.bit_rate or container.bit_rate or 0
    pixels = context.width * context.height * rate
    if bits and pixels and bits / pixels < FRAME_THREADS_MIN_BITS_PER_PIXEL:
        return "SLICE"
    return "AUTO"


def frame_threads() -> int:
    """Decoder threads for frame threading: FFmpeg's own choice (cores + 1, at most 16), but
    at least :data:`MIN_FRAME_THREADS`."""
    return max(MIN_FRAME_THREADS, min(16, (os.cpu_count() or 1) + 1))


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
        #: The decoder's threading: ``SLICE`` or ``AUTO`` (frame and slice threads).
        self.thread_type = _thread_type(self._stream, self._container)
        self._stream.thread_type = self.thread_type
        if self.thread_type == "AUTO":
            self._stream.thread_count = frame_threads()
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
        last: float | None = None
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
            # A frame can only be placed in time after the one before it: a damaged or badly
            # re-muxed file can repeat or step back a timestamp, and such a frame is dropped
            # (resampling onto an even grid needs strictly increasing times).
            if last is not None and stamp <= last:
                continue
            last = stamp
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
    if frame.format.name in _LUMA_FIRST_FORMATS:
        plane = frame.planes[0]
        rows = np.frombuffer(plane, dtype=np.uint8).reshape(plane.height, plane.line_size)
        luma = rows[:, : plane.width]
        if (plane.width, plane.height) == (width, height):
            return np.ascontiguousarray(luma)
        return shrink(luma, width, height)
    converted: NDArray[np.uint8] = frame.reformat(
        width=width, height=height, format="gray"
    ).to_ndarray()
    return converted


def shrink(image: NDArray[np.uint8], width: int, height: int) -> NDArray[np.uint8]:
    """``image`` shrunk to ``width`` x ``height`` by area averaging, halving it first.

    OpenCV averages 2x2 blocks with vector instructions but larger areas with plain loops:
    halving 1280x720 twice takes 0.05 ms, shrinking it by 4 at once 0.3-0.5 ms, for the same
    picture (the mean of means of 2x2 blocks is the mean of the 4x4 block, up to rounding to
    whole grey levels). Halving stops while the rest is still a whole multiple (1920x1080 to
    320x180: halved once, then by 3), because OpenCV's fractional area weights are not exact.
    """
    import cv2

    while image.shape[1] % (2 * width) == 0 and image.shape[0] % (2 * height) == 0:
        half = (image.shape[1] // 2, image.shape[0] // 2)
        image = np.asarray(cv2.resize(image, half, interpolation=cv2.INTER_AREA), np.uint8)
    if image.shape[:2] == (height, width):
        return np.ascontiguousarray(image)
    return np.asarray(cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA), np.uint8)


def _chain(first: list[Any], rest: Iterator[Any]) -> Iterator[Any]:
    yield from first
    yield from rest
