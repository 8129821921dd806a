"""Render a phone-like synthetic clip of a figure with a moving leg, with exact ground truth.

The scene: a textured blanket, a torso and head that rise and fall with breathing, and two
textured legs; the left leg rotates about the hip so that its foot follows the pattern's
displacement (see :mod:`.waveforms`). The camera adds hand-held shake (a sum of sinusoids at
``camera_shake_hz`` with a small rotation), a slow drift, auto-exposure drift, sensor noise and
lossy compression (H.264 by default). Optional portrait rotation metadata and variable frame
rate. A 10 s 320x240 clip renders in about a second.
"""

from __future__ import annotations

import fractions
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from tremorwatch.analysis.synthetic.waveforms import (
    GroundTruth,
    SyntheticPattern,
    movement_waveform,
)
from tremorwatch.errors import InputError

_CODECS = {".mp4": "libx264", ".mov": "libx264", ".mkv": "libx264", ".webm": "libvpx-vp9"}
_PAD = 24  # scene margin (px) so camera motion never reveals an empty border


def _texture(
    height: int, width: int, rng: np.random.Generator, *, scale: int, base: tuple[int, int, int]
) -> NDArray[np.float32]:
    import cv2

    coarse = rng.normal(0, 1, (max(2, height // scale), max(2, width // scale), 3)).astype(
        np.float32
    )
    smooth = cv2.resize(coarse, (width, height), interpolation=cv2.INTER_CUBIC)
    fine = rng.normal(0, 0.35, (height, width, 3)).astype(np.float32)
    grey = smooth.mean(axis=2, keepdims=True)
    image: NDArray[np.float32] = np.asarray(base, dtype=np.float32) + 30.0 * (
        0.7 * grey + 0.3 * smooth + fine
    )
    return image


class _Scene:
    """The static parts of the scene and the leg sprites."""

    def __init__(
        self,
        width: int,
        height: int,
        rng: np.random.Generator,
        *,
        figure_offset: tuple[float, float],
    ) -> None:
        import cv2

        self.width, self.height = width + 2 * _PAD, height + 2 * _PAD
        unit = min(width, height) / 240.0
        self.background = _texture(self.height, self.width, rng, scale=6, base=(150, 160, 175))
        cx = self.width / 2 + figure_offset[0] * width
        cy = self.height / 2 + figure_offset[1] * height
        self.torso_centre = (cx - 10 * unit, cy - 35 * unit)
        self.torso_axes = (28 * unit, 45 * unit)
        self.head_centre = (cx - 10 * unit, cy - 100 * unit)
        self.head_radius = 24 * unit
        self.skin = _texture(self.height, self.width, rng, scale=3, base=(205, 160, 140))
        self.clothes = _texture(self.height, self.width, rng, scale=4, base=(80, 110, 190))
        self.leg_length = 80.0 * unit
        self.leg_width = 18.0 * unit
        self.hips = [(cx - 24 * unit, cy + 2 * unit), (cx + 4 * unit, cy + 2 * unit)]
        self.rest_angles = [np.deg2rad(150.0), np.deg2rad(80.0)]
        length, half = round(self.leg_length), round(self.leg_width / 2)
        sprite_mask = np.zeros((2 * half + 1, length + 1), np.float32)
        cv2.rectangle(sprite_mask, (0, 0), (length, 2 * half), 1.0, -1)
        cv2.circle(sprite_mask, (length - half, half), half, 1.0, -1)
        self.sprite_mask = cv2.GaussianBlur(sprite_mask, (3, 3), 0)
        self.sprite = _texture(2 * half + 1, length + 1, rng, scale=3, base=(200, 150, 130))
        self.sprite_half = half
        self.compose_static()

    def compose_static(self) -> None:
        """Pre-render everything that does not move: blanket, still leg, head."""
        import cv2

        frame = self.background.copy()
        self._paste_leg(frame, 1, 0.0)
        head = np.zeros((self.height, self.width), np.float32)
        centre = (int(self.head_centre[0]), int(self.head_centre[1]))
        cv2.circle(head, centre, int(self.head_radius), 1.0, -1, lineType=cv2.LINE_AA)
        self.static = frame * (1 - head[..., None]) + self.skin * head[..., None]
        self.head_mask = head

    def _paste_leg(self, frame: NDArray[np.float32], index: int, foot_px: float) -> None:
        import cv2

        hip, rest = self.hips[index], self.rest_angles[index]
        angle = rest + foot_px / self.leg_length
        cos, sin = np.cos(angle), np.sin(angle)
        reach = int(self.leg_length + self.leg_width) + 2
        x0 = max(0, int(hip[0]) - reach)
        y0 = max(0, int(hip[1]) - reach)
        x1 = min(self.width, int(hip[0]) + reach)
        y1 = min(self.height, int(hip[1]) + reach)
        if x1 <= x0 or y1 <= y0:
            return
        # sprite x axis along the leg, y across it; the hip sits at sprite (0, half)
        matrix = np.array(
            [
                [cos, -sin, hip[0] + sin * self.sprite_half - x0],
                [sin, cos, hip[1] - cos * self.sprite_half - y0],
            ],
            np.float64,
        )
        size = (x1 - x0, y1 - y0)
        leg = cv2.warpAffine(self.sprite, matrix, size, flags=cv2.INTER_LINEAR)
        alpha = cv2.warpAffine(self.sprite_mask, matrix, size, flags=cv2.INTER_LINEAR)[..., None]
        roi = frame[y0:y1, x0:x1]
        roi *= 1 - alpha
        roi += leg * alpha

    def render(self, *, foot_px: float, breath: float) -> NDArray[np.float32]:
        """The scene (before the camera) with the left foot displaced by ``foot_px``."""
        import cv2

        frame = self.static.copy()
        cx, cy = int(self.torso_centre[0]), int(self.torso_centre[1])
        ax, ay = int(self.torso_axes[0]), int(self.torso_axes[1] * 1.1) + 2
        y0, y1 = max(0, cy - ay), min(self.height, cy + ay)
        x0, x1 = max(0, cx - ax - 2), min(self.width, cx + ax + 2)
        body = np.zeros((y1 - y0, x1 - x0), np.float32)
        axes = (int(self.torso_axes[0]), round(self.torso_axes[1] * (1 + breath)))
        cv2.ellipse(body, (cx - x0, cy - y0), axes, 0, 0, 360, 1.0, -1, lineType=cv2.LINE_AA)
        body *= 1 - self.head_mask[y0:y1, x0:x1]
        mask = body[..., None]
        roi = frame[y0:y1, x0:x1]
        frame[y0:y1, x0:x1] = roi * (1 - mask) + self.clothes[y0:y1, x0:x1] * mask
        self._paste_leg(frame, 0, foot_px)
        return frame


def _frame_times(
    duration_s: float, fps: float, rng: np.random.Generator, variable: bool
) -> NDArray[np.float64]:
    n = round(duration_s * fps)
    if not variable:
        return np.arange(n) / fps
    steps = rng.uniform(0.7, 1.3, n) / fps
    times = np.concatenate(([0.0], np.cumsum(steps[:-1])))
    return times[times < duration_s]


def write_synthetic_clip(
    path: Path | str,
    *,
    pattern: SyntheticPattern = "tremor",
    frequency_hz: float | None = 6.0,
    amplitude_px: float | None = None,
    duration_s: float = 10.0,
    fps: float = 30.0,
    width: int = 320,
    height: int = 240,
    active_s: tuple[float, float] | None = None,
    camera_shake_hz: float | None = None,
    camera_shake_px: float = 2.0,
    camera_drift_px: float = 4.0,
    camera_pan_px_s: float = 0.0,
    exposure_drift: float = 0.2,
    brightness: float = 1.0,
    breathing: bool = True,
    noise_sigma: float = 2.0,
    figure_offset: tuple[float, float] = (0.0, 0.0),
    rotation_deg: int = 0,
    variable_frame_rate: bool = False,
    crf: int = 26,
    codec: str | None = None,
    seed: int = 0,
) -> GroundTruth:
    """Write a synthetic clip and return what it really contains.

    Parameters
    ----------
    path
        Output file; the suffix picks the container (``.mp4``, ``.mov``, ``.mkv``, ``.webm``).
    pattern
        ``"tremor"``, ``"clonic"``, ``"kicking"`` or ``"still"``.
    frequency_hz
        Oscillation frequency (tremor, clonic), Hz. Ignored for kicking and stillness.
    amplitude_px
        Peak displacement of the foot in displayed pixels; default 3 px per 240 px of frame
        height for tremor, 8 for clonic, 25 for kicking.
    duration_s, fps, width, height
        Length (s), mean frame rate (frames/s) and displayed size (px).
    active_s
        ``(start, end)`` of the movement in seconds; default from 1 s to ``duration_s - 1``.
    camera_shake_hz, camera_shake_px
        Hand-held shake frequency (Hz, None for a propped phone) and its amplitude (px).
    camera_drift_px, camera_pan_px_s
        Slow camera drift amplitude (px, about 0.1 Hz) and a steady pan speed (px/s).
    exposure_drift
        Relative amplitude of the auto-exposure gain changes (0.2 = +-20 %, about 0.15 Hz).
    brightness
        Overall brightness factor (0.1 makes a too-dark clip).
    breathing
        Whether the torso rises and falls (0.6 Hz, about 1 px).
    noise_sigma
        Sensor noise, grey levels.
    figure_offset
        Shift of the figure as a fraction of width and height (move the leg out of view).
    rotation_deg
        Rotation metadata (0, 90, 180, 270): frames are stored rotated, as phones do.
    variable_frame_rate
        Frame intervals vary randomly by +-30 % (timestamps are the truth).
    crf, codec
        Compression quality (x264/x265 CRF, higher is lossier) and an explicit encoder name.
    seed
        Random seed: the same arguments and seed give the same clip.

    Returns
    -------
    GroundTruth
        Amplitudes in displayed pixels.
    """
    import av
    import cv2

    path = Path(path)
    codec_name = codec or _CODECS.get(path.suffix.lower())
    if codec_name is None:
        raise InputError(
            f"Unknown clip suffix {path.suffix!r}; use .mp4, .mov, .mkv or .webm.", field="path"
        )
    if rotation_deg not in (0, 90, 180, 270):
        raise InputError(
            f"rotation_deg must be 0, 90, 180 or 270; got {rotation_deg}.", field="rotation_deg"
        )
    rng = np.random.default_rng(seed)
    scale = height / 240.0
    default_amplitude = {"tremor": 3.0, "clonic": 8.0, "kicking": 25.0, "still": 0.0}[pattern]
    amplitude = default_amplitude * scale if amplitude_px is None else amplitude_px
    window = active_s or (min(1.0, duration_s / 4), max(duration_s - 1.0, duration_s * 3 / 4))
    times = _frame_times(duration_s, fps, rng, variable_frame_rate)
    foot = movement_waveform(
        times,
        pattern=pattern,
        frequency_hz=frequency_hz,
        amplitude=amplitude,
        active_s=window,
        seed=seed + 1,
    )
    scene = _Scene(width, height, rng, figure_offset=figure_offset)
    shake_phase = rng.uniform(0, 2 * np.pi, 4)
    noise_bank = [
        rng.normal(0, noise_sigma, (height, width, 3)).astype(np.float32) for _ in range(7)
    ]
    stored_w, stored_h = (height, width) if rotation_deg in (90, 270) else (width, height)

    container = av.open(str(path), "w")
    try:
        stream: Any = container.add_stream(
            codec_name, rate=fractions.Fraction(round(fps * 1000), 1000)
        )
        stream.width, stream.height, stream.pix_fmt = stored_w, stored_h, "yuv420p"
        stream.codec_context.time_base = fractions.Fraction(1, 1000)
        options: dict[str, Any] = {"crf": str(crf)} if codec_name in ("libx264", "libx265") else {}
        if codec_name.startswith("libvpx"):
            options = {"crf": str(crf + 6), "b:v": "0", "deadline": "realtime", "cpu-used": "8"}
        if codec_name == "libx264":
            options["preset"] = "veryfast"
        if codec_name == "libx265":
            options.update({"preset": "ultrafast", "x265-params": "log-level=none"})
        stream.options = options
        if rotation_deg:
            stream.set_display_rotation(rotation_deg)
        for index, t in enumerate(times):
            breath = 0.012 * np.sin(2 * np.pi * 0.6 * t) if breathing else 0.0
            image = scene.render(foot_px=float(foot[index]), breath=breath)
            dx = camera_drift_px * np.sin(2 * np.pi * 0.1 * t) + camera_pan_px_s * (
                t - duration_s / 2
            )
            dy = 0.6 * camera_drift_px * np.sin(2 * np.pi * 0.07 * t + 1.0)
            angle = 0.0
            if camera_shake_hz:
                w = 2 * np.pi * camera_shake_hz * t
                dx += camera_shake_px * (
                    np.sin(w + shake_phase[0]) + 0.3 * np.sin(1.37 * w + shake_phase[1])
                )
                dy += camera_shake_px * (
                    0.8 * np.sin(w + shake_phase[2]) + 0.3 * np.sin(0.83 * w + shake_phase[3])
                )
                angle = 0.15 * np.sin(w + shake_phase[1])
            centre = (scene.width / 2, scene.height / 2)
            matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
            matrix[0, 2] += dx - _PAD
            matrix[1, 2] += dy - _PAD
            view = cv2.warpAffine(
                image,
                matrix,
                (width, height),
                flags=cv2.INTER_LINEAR,
                borderMode=cv2.BORDER_REFLECT,
            )
            gain = brightness * (1.0 + exposure_drift * np.sin(2 * np.pi * 0.15 * t))
            view = view * gain + noise_bank[index % len(noise_bank)]
            pixels = np.clip(view, 0, 255).astype(np.uint8)
            if rotation_deg:
                pixels = np.ascontiguousarray(np.rot90(pixels, k=-rotation_deg // 90))
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts = round(t * 1000)
            frame.time_base = fractions.Fraction(1, 1000)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    finally:
        container.close()
    return GroundTruth(
        pattern=pattern,
        frequency_hz=frequency_hz if pattern in ("tremor", "clonic") else None,
        amplitude=float(amplitude),
        episodes_s=[window] if pattern != "still" else [],
        duration_s=float(times[-1] + 1.0 / fps),
        camera_shake_hz=camera_shake_hz,
        fps=float(len(times) / (times[-1] + 1.0 / fps)),
        width=width,
        height=height,
        rotation_deg=rotation_deg,
        sample_times_s=times,
    )
