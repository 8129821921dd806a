"""The :class:`Signal` value object every analysis function passes around."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from tremorwatch._checks import check_positive
from tremorwatch.errors import InputError

SourceKind = Literal["video", "accelerometer", "synthetic"]


@dataclass(frozen=True)
class Signal:
    """Evenly sampled samples with their rate, unit and origin.

    Parameters
    ----------
    samples
        Array of shape ``(n,)`` or ``(n, k)``: ``n`` samples of ``k`` components (for example
        the x and y displacement of a limb, or the three axes of an accelerometer).
    fs_hz
        Sampling rate in samples per second. Samples are assumed evenly spaced; readers of
        unevenly sampled sources (variable-frame-rate video, phone sensors) resample first.
    unit
        Unit of the samples: ``"px"`` (video displacement at the source resolution),
        ``"px/s"``, ``"m/s2"`` or ``"m"``.
    source
        Where the samples came from.
    start_s
        Time of the first sample, seconds from the start of the recording.
    valid
        Optional boolean mask of shape ``(n,)``: ``False`` where the samples were interpolated
        across a gap in the recording and must not count as movement.
    """

    samples: NDArray[np.float64]
    fs_hz: float
    unit: str
    source: SourceKind
    start_s: float = 0.0
    valid: NDArray[np.bool_] | None = field(default=None)

    def __post_init__(self) -> None:
        check_positive("fs_hz", self.fs_hz, unit="Hz")
        if self.samples.ndim not in (1, 2):
            raise InputError(
                f"samples must have shape (n,) or (n, k); got {self.samples.shape}.",
                field="samples",
            )
        if self.valid is not None and self.valid.shape != (self.samples.shape[0],):
            raise InputError(
                f"valid must have shape ({self.samples.shape[0]},); got {self.valid.shape}.",
                field="valid",
            )

    @property
    def n_samples(self) -> int:
        """Number of samples."""
        return int(self.samples.shape[0])

    @property
    def duration_s(self) -> float:
        """Length of the signal in seconds (``n / fs_hz``)."""
        return self.n_samples / self.fs_hz

    @property
    def times_s(self) -> NDArray[np.float64]:
        """Time of every sample in seconds."""
        return self.start_s + np.arange(self.n_samples, dtype=np.float64) / self.fs_hz

    def as_2d(self) -> NDArray[np.float64]:
        """The samples as an ``(n, k)`` array (a 1-D signal becomes ``(n, 1)``)."""
        return self.samples if self.samples.ndim == 2 else self.samples[:, None]
