"""Movement waveforms of the synthetic patterns and the ground truth they come with.

Displacements follow the clinical descriptions of ``shared/clinical/evidence.md`` section 1.4:
tremor is a near-sinusoid (4-12 Hz), clonic jerking a saw-tooth with a slow phase and a fast
phase (1-4 Hz; here the fast phase takes 20 % of each cycle), kicking a smooth random movement
(0.2-1.5 Hz band-limited noise with no stable rhythm), stillness no movement at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

import numpy as np
from numpy.typing import NDArray

SyntheticPattern = Literal["tremor", "clonic", "kicking", "still"]
PATTERNS: tuple[str, ...] = get_args(SyntheticPattern)
#: Share of each clonic cycle taken by the fast phase.
CLONIC_FAST_PHASE = 0.2
#: Seconds over which movement fades in and out at the edges of an episode.
RAMP_S = 0.15


@dataclass(frozen=True)
class GroundTruth:
    """What a synthetic recording really contains.

    Attributes
    ----------
    pattern
        The movement pattern (``still`` means no limb movement at all).
    frequency_hz
        Oscillation frequency in Hz (``None`` for kicking and stillness).
    amplitude
        Peak displacement of the moving foot: pixels at the displayed source resolution for
        clips, millimetres for accelerometer files.
    episodes_s
        ``(start, end)`` of each stretch of limb movement, seconds.
    duration_s
        Length of the recording, seconds.
    camera_shake_hz
        Frequency of the hand-held camera shake, or ``None`` for a still camera.
    fps
        Mean frame rate (clips) or sample rate (sensor files).
    width, height
        Displayed size in pixels (after the rotation metadata is applied); 0 for sensor files.
    rotation_deg
        Rotation stored in the container metadata.
    sample_times_s
        Time of every frame or sample, seconds.
    """

    pattern: SyntheticPattern
    frequency_hz: float | None
    amplitude: float
    episodes_s: list[tuple[float, float]]
    duration_s: float
    camera_shake_hz: float | None = None
    fps: float = 0.0
    width: int = 0
    height: int = 0
    rotation_deg: int = 0
    sample_times_s: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))

    @property
    def rhythmic(self) -> bool:
        """Whether the recording holds a rhythmic movement (tremor or clonic)."""
        return self.pattern in ("tremor", "clonic")


def _kicking(times_s: NDArray[np.float64], rng: np.random.Generator) -> NDArray[np.float64]:
    """Unit-amplitude smooth random movement: a sum of random bumps and slow drifts."""
    out = np.zeros_like(times_s)
    t = float(times_s.min()) - 0.5
    while t < times_s.max() + 0.5:
        width = rng.uniform(0.25, 0.9)
        out += rng.uniform(-1, 1) * np.exp(-0.5 * ((times_s - t) / (width / 2.5)) ** 2)
        t += rng.uniform(0.2, 1.2)
    for _ in range(3):
        f = rng.uniform(0.1, 0.5)
        out += 0.4 * np.sin(2 * np.pi * f * times_s + rng.uniform(0, 2 * np.pi))
    peak = float(np.max(np.abs(out))) or 1.0
    return out / peak


def movement_waveform(
    times_s: NDArray[np.float64],
    *,
    pattern: SyntheticPattern,
    frequency_hz: float | None,
    amplitude: float,
    active_s: tuple[float, float],
    seed: int = 0,
) -> NDArray[np.float64]:
    """Displacement of the moving limb at ``times_s`` (same unit as ``amplitude``).

    Tremor and clonic cycles carry a slow random phase wander (about 1 % of the frequency) and a
    +-15 % amplitude modulation, as real oscillations do; the mean frequency stays exact.
    """
    rng = np.random.default_rng(seed)
    begin, end = active_s
    gate = np.clip(np.minimum(times_s - begin, end - times_s) / RAMP_S, 0.0, 1.0)
    if pattern == "still" or amplitude == 0:
        return np.zeros_like(times_s)
    if pattern == "kicking":
        return amplitude * gate * _kicking(times_s, rng)
    if frequency_hz is None:
        raise ValueError(f"pattern {pattern!r} needs a frequency_hz")
    wander = 0.06 * np.sin(2 * np.pi * rng.uniform(0.1, 0.3) * times_s + rng.uniform(0, 6.3))
    phase = 2 * np.pi * frequency_hz * times_s + wander + rng.uniform(0, 2 * np.pi)
    modulation = 1.0 + 0.15 * np.sin(2 * np.pi * rng.uniform(0.15, 0.4) * times_s)
    if pattern == "tremor":
        shape = np.sin(phase)
    else:
        cycle = np.mod(phase / (2 * np.pi), 1.0)
        slow = 1.0 - CLONIC_FAST_PHASE
        shape = np.where(
            cycle < slow, -1 + 2 * cycle / slow, 1 - 2 * (cycle - slow) / CLONIC_FAST_PHASE
        )
    return amplitude * gate * modulation * shape
