"""Probe: do MediaPipe pose keypoints find the infant's moving leg? (a measurement, issue 13)

Run (in a throwaway venv that has both tremorwatch and an old mediapipe wheel that bundles the
pose models, e.g. ``pip install mediapipe==0.10.14``; mediapipe is not a project dependency)::

    python benchmarks/pose_probe.py --dev ../shared/dev-sets/motion/video \
        --independent DIR/video --own 4 [--limit N] [--every 3] [--json OUT]

For each clip it:

1. runs the project's video analysis (the same steps as ``tremorwatch analyze CLIP``), keeping
   the region it measures each episode on: the grid cell with the most motion energy in the
   episode (:meth:`tremorwatch.analysis.video.measure.CellTraces.trace`), as a point in
   source pixels;
2. decodes the clip at the analysis resolution (longest side
   :data:`~tremorwatch.analysis.video.decode.ANALYSIS_LONG_SIDE_PX`) in colour, and runs
   MediaPipe Pose (``solutions.pose``, model complexity 1, video mode) on every ``--every``-th
   frame;
3. scores against the truth: the clips' ``tracks.npz`` give each toe per frame (dev set and
   independent generator, in frame pixels); for the project's own generator
   the moving (left) foot's position follows from its scene geometry.

Reported per source: detection rate (sampled frames with a pose), the share of detected frames
whose nearer ankle / foot landmark lies within 0.1 body length of a moving toe and whose hip
and knee lie within one leg's reach (0.5 body length) of it, and per episode the distance from
a moving toe to (a) the analysis's chosen cell and (b) the ankle landmark that moves most in
the episode, both in body lengths; "region_wrong" counts episodes whose cell is more than 0.15
body length from every moving toe and "rescued" those of them where the ankle is within it.
Only the toe is known, so a cell on the moving shin counts as far: draw such a case before
calling the region wrong. Cost: mean ms per pose call at the
analysis resolution.

Without mediapipe installed it says so and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

#: A keypoint "on the moving leg": within this share of the body length of a moving toe (the
#: foot is about a tenth of an infant's length), and hip/knee within one leg's reach.
ON_FOOT_SHARE = 0.10
REACH_SHARE = 0.5
#: The analysis's region counts as possibly wrong when its cell is further than this from a
#: moving toe (a cell on the moving shin can be as far: only the toe's truth is known).
WRONG_REGION_SHARE = 0.15
#: MediaPipe Pose landmark indices (BlazePose topology).
LANDMARKS = {
    "left_hip": 23,
    "right_hip": 24,
    "left_knee": 25,
    "right_knee": 26,
    "left_ankle": 27,
    "right_ankle": 28,
    "left_foot": 31,
    "right_foot": 32,
}


@dataclass
class Truth:
    """Where the moving toes are: ``toes[leg]`` is ``(n_frames, 2)`` in source px."""

    times_s: np.ndarray
    toes: dict[str, np.ndarray]
    segments: list[dict[str, Any]]
    body_px: float

    def moving_legs(self, start_s: float, end_s: float) -> list[str]:
        """Legs that move in the span; none when it is mostly still (a false alarm: no
        moving leg to compare with)."""
        legs: set[str] = set()
        moving = 0.0
        for seg in self.segments:
            overlap = min(end_s, seg["end_s"]) - max(start_s, seg["start_s"])
            if overlap > 0 and seg["kind"] != "still":
                legs.update(seg.get("legs", []))
                moving += overlap
        if moving < 0.5 * (end_s - start_s):
            return []
        return sorted(legs & set(self.toes))

    def distance(self, point: np.ndarray, start_s: float, end_s: float) -> float | None:
        """Median distance (body lengths) from ``point`` to the nearest moving toe."""
        legs = self.moving_legs(start_s, end_s)
        inside = (self.times_s >= start_s) & (self.times_s <= end_s)
        if not legs or not np.any(inside):
            return None
        best = min(
            float(np.median(np.linalg.norm(self.toes[leg][inside] - point, axis=1))) for leg in legs
        )
        return best / self.body_px


@dataclass
class ClipResult:
    source: str
    name: str
    sampled: int = 0
    detected: int = 0
    on_foot: int = 0
    on_leg: int = 0
    scored: int = 0
    pose_ms: list[float] = field(default_factory=list)
    episodes: list[dict[str, Any]] = field(default_factory=list)


def _mediapipe() -> Any:
    try:
        import mediapipe as mp
    except ImportError:
        return None
    return mp if hasattr(mp, "solutions") else None


def load_tracks(clip: Path) -> Truth | None:
    """Truth of a dev-set / independent-generator clip (``NAME.truth.json``, ``.tracks.npz``)."""
    truth_path = clip.with_suffix(".truth.json")
    tracks_path = clip.with_suffix(".tracks.npz")
    if not truth_path.exists() or not tracks_path.exists():
        return None
    truth = json.loads(truth_path.read_text())
    tracks = np.load(tracks_path)
    if "camera" in tracks.files:  # the dev set: t, toe_left, toe_right, camera
        names = [leg for leg in ("left", "right") if f"toe_{leg}" in tracks.files]
        scene = {leg: tracks[f"toe_{leg}"].astype(np.float64) for leg in names}
        times = tracks["t"].astype(np.float64)
    else:  # the independent generator: toe_px (n, legs, 2), camera_affine, legs
        names = [str(leg) for leg in tracks["legs"]]
        scene = {leg: tracks["toe_px"][:, k].astype(np.float64) for k, leg in enumerate(names)}
        times = np.arange(tracks["toe_px"].shape[0]) / float(truth["fps"])
    # both give the toes in frame pixels already (checked by drawing them on frames)
    toes = scene
    return Truth(
        times_s=times,
        toes=toes,
        segments=truth["segments"],
        body_px=float(truth["infant"]["length_px"]),
    )


def own_clips(folder: Path, count: int) -> list[tuple[Path, Truth]]:
    """Clips of the project's own generator, with the moving (left) foot's position."""
    from tremorwatch.analysis.synthetic import write_synthetic_clip

    cases: list[tuple[str, float | None, dict[str, Any]]] = [
        ("tremor", 6.0, {"seed": 11}),
        ("clonic", 2.0, {"seed": 12, "camera_shake_hz": 9.0}),
        ("kicking", None, {"seed": 13}),
        ("tremor", 9.0, {"seed": 14, "camera_shake_hz": 10.0, "width": 640, "height": 480}),
        ("tremor", 5.0, {"seed": 15, "figure_offset": (0.15, 0.1)}),
        ("clonic", 3.0, {"seed": 16}),
    ]
    out = []
    for index, (pattern, freq, options) in enumerate(cases[:count]):
        path = folder / f"own_{index:02d}.mp4"
        truth = write_synthetic_clip(path, pattern=pattern, frequency_hz=freq, **options)
        width, height = truth.width, truth.height
        unit = min(width, height) / 240.0
        offset = options.get("figure_offset", (0.0, 0.0))
        # the scene geometry of tremorwatch.analysis.synthetic.clip (hip of the left leg,
        # rest angle 150 deg, leg 80 units); the camera adds a few px of drift and shake
        hip = np.array(
            [width / 2 + offset[0] * width - 24 * unit, height / 2 + offset[1] * height + 2 * unit]
        )
        foot = hip + 80 * unit * np.array([np.cos(np.deg2rad(150)), np.sin(np.deg2rad(150))])
        times = np.asarray(truth.sample_times_s, dtype=np.float64)
        segments = [
            {"start_s": s, "end_s": e, "kind": pattern, "legs": ["left"]}
            for s, e in truth.episodes_s
        ]
        # the figure is 45 (head) + 100 (to the foot) units tall
        out.append(
            (path, Truth(times, {"left": np.tile(foot, (times.size, 1))}, segments, 200 * unit))
        )
    return out


def analysis_regions(path: Path) -> tuple[list[dict[str, Any]], float]:
    """The analysis's episodes and, for each, the centre (source px) of its most moving cell.

    Runs :func:`tremorwatch.analysis.video.analyse.analyse_video` unchanged; the flow tracker
    and the measurement it builds are only recorded on the way.
    """
    from unittest import mock

    from tremorwatch.analysis.video import analyse as analyse_module
    from tremorwatch.analysis.video.measure import CellTraces, build_measurement

    seen: dict[str, Any] = {}

    class RecordingTracker(analyse_module.FlowTracker):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            seen["tracker"] = self

    def recording_build(*args: Any, **kwargs: Any) -> Any:
        out = build_measurement(*args, **kwargs)
        seen["measurement"] = out[0]
        return out

    started = time.perf_counter()
    with (
        mock.patch.object(analyse_module, "FlowTracker", RecordingTracker),
        mock.patch.object(analyse_module, "build_measurement", recording_build),
    ):
        detail = analyse_module.analyse_video(path)
    elapsed = time.perf_counter() - started
    tracker, measurement = seen["tracker"], seen["measurement"]
    traces = measurement.traces
    assert isinstance(traces, CellTraces)
    fs, start = measurement.activity.fs_hz, measurement.activity.start_s
    scale = max(detail.result.source.width or 1, detail.result.source.height or 1) / max(
        tracker.width, tracker.height
    )
    cols = tracker.grid[1]
    episodes = []
    for episode in detail.result.episodes:
        first = max(0, round((episode.start_s - start) * fs))
        last = max(first + 1, round((episode.end_s - start) * fs))
        energy = np.sum(traces._power[first:last], axis=0, dtype=np.float64)
        cell = int(np.argmax(energy))
        row, col = divmod(cell, cols)
        y = 0.5 * (tracker._row_edges[row] + tracker._row_edges[row + 1])
        x = 0.5 * (tracker._col_edges[col] + tracker._col_edges[col + 1])
        episodes.append(
            {
                "start_s": episode.start_s,
                "end_s": episode.end_s,
                "pattern": episode.pattern.value,
                "cell_px": [float(x * scale), float(y * scale)],
            }
        )
    return episodes, elapsed


def run_pose(mp: Any, path: Path, every: int) -> tuple[np.ndarray, np.ndarray, list[float], float]:
    """Pose landmarks (source px) of every ``every``-th frame at the analysis resolution.

    Returns times (n,), landmarks (n, 33, 2) with NaN where no pose was found, ms per call and
    the source-to-analysis scale.
    """
    import av
    import cv2

    from tremorwatch.analysis.video.decode import ANALYSIS_LONG_SIDE_PX

    times, points, costs = [], [], []
    scale = 1.0
    with (
        av.open(str(path)) as container,
        mp.solutions.pose.Pose(
            static_image_mode=False, model_complexity=1, min_detection_confidence=0.5
        ) as pose,
    ):
        stream = container.streams.video[0]
        for index, frame in enumerate(container.decode(stream)):
            if index % every:
                continue
            rgb = frame.to_ndarray(format="rgb24")
            height, width = rgb.shape[:2]
            factor = min(1.0, ANALYSIS_LONG_SIDE_PX / max(width, height))
            scale = 1.0 / factor
            small = cv2.resize(
                rgb, (round(width * factor), round(height * factor)), interpolation=cv2.INTER_AREA
            )
            started = time.perf_counter()
            found = pose.process(small)
            costs.append((time.perf_counter() - started) * 1000)
            times.append(float(frame.time or 0.0))
            marks = np.full((33, 2), np.nan)
            if found.pose_landmarks is not None:
                for k, mark in enumerate(found.pose_landmarks.landmark):
                    marks[k] = (mark.x * width, mark.y * height)
            points.append(marks)
    return np.asarray(times), np.asarray(points).reshape(-1, 33, 2), costs, scale


def score_clip(mp: Any, source: str, path: Path, truth: Truth, every: int) -> ClipResult:
    result = ClipResult(source, path.stem)
    episodes, _ = analysis_regions(path)
    times, marks, costs, _ = run_pose(mp, path, every)
    result.pose_ms = costs
    result.sampled = times.size
    detected = ~np.isnan(marks[:, 0, 0])
    result.detected = int(np.count_nonzero(detected))
    for i in (int(k) for k in np.flatnonzero(detected)):
        legs = truth.moving_legs(times[i] - 0.01, times[i] + 0.01)
        if not legs:
            continue
        frame = int(np.argmin(np.abs(truth.times_s - times[i])))
        toes = [truth.toes[leg][frame] for leg in legs]
        result.scored += 1

        def near(idx: int, toes: list[np.ndarray] = toes, i: int = i) -> float:
            return min(float(np.linalg.norm(marks[i, idx] - t)) for t in toes) / truth.body_px

        foot = min(
            near(LANDMARKS[k]) for k in ("left_ankle", "right_ankle", "left_foot", "right_foot")
        )
        if foot <= ON_FOOT_SHARE:
            result.on_foot += 1
            if all(
                near(LANDMARKS[k]) <= REACH_SHARE
                for k in ("left_hip", "right_hip", "left_knee", "right_knee")
            ):
                result.on_leg += 1
    for episode in episodes:
        start, end = episode["start_s"], episode["end_s"]
        region = truth.distance(np.asarray(episode["cell_px"]), start, end)
        inside = (times >= start) & (times <= end) & detected
        ankle = None
        if np.count_nonzero(inside) >= 3:
            # the ankle that moves most in the episode, at its median position
            best, spread = None, -1.0
            for k in ("left_ankle", "right_ankle"):
                track = marks[inside, LANDMARKS[k]]
                size = float(np.sum(np.std(track, axis=0)))
                if size > spread:
                    best, spread = np.median(track, axis=0), size
            assert best is not None
            ankle = truth.distance(best, start, end)
        result.episodes.append({**episode, "region_bl": region, "ankle_bl": ankle})
    return result


def summarise(results: list[ClipResult]) -> dict[str, Any]:
    sampled = sum(r.sampled for r in results)
    detected = sum(r.detected for r in results)
    scored = sum(r.scored for r in results)
    episodes = [e for r in results for e in r.episodes if e["region_bl"] is not None]
    with_ankle = [e for e in episodes if e["ankle_bl"] is not None]
    costs = [c for r in results for c in r.pose_ms[1:]]  # the first call loads the model
    return {
        "clips": len(results),
        "detection_rate": detected / sampled if sampled else None,
        "foot_on_moving_toe": sum(r.on_foot for r in results) / scored if scored else None,
        "hip_knee_on_leg": sum(r.on_leg for r in results) / scored if scored else None,
        "episodes": len(episodes),
        "episodes_with_pose": len(with_ankle),
        "region_median_bl": float(np.median([e["region_bl"] for e in episodes]))
        if episodes
        else None,
        "region_wrong": sum(e["region_bl"] > WRONG_REGION_SHARE for e in episodes),
        "ankle_median_bl": float(np.median([e["ankle_bl"] for e in with_ankle]))
        if with_ankle
        else None,
        "ankle_within": sum(e["ankle_bl"] <= WRONG_REGION_SHARE for e in with_ankle),
        "rescued": sum(
            e["region_bl"] > WRONG_REGION_SHARE and e["ankle_bl"] <= WRONG_REGION_SHARE
            for e in with_ankle
        ),
        "pose_ms_mean": float(np.mean(costs)) if costs else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, help="dev-set video folder")
    parser.add_argument("--independent", type=Path, help="independent generator video folder")
    parser.add_argument("--own", type=int, default=0, help="own-generator clips (up to 6)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many clips a folder")
    parser.add_argument("--every", type=int, default=3, help="run pose on every N-th frame")
    parser.add_argument("--json", type=Path, help="write per-clip results here")
    args = parser.parse_args(argv)
    mp = _mediapipe()
    if mp is None:
        print(
            "pose_probe needs a mediapipe wheel with the bundled pose model and the "
            "`solutions` API (e.g. `pip install mediapipe==0.10.14` in a separate venv); "
            "it is not a project dependency.",
            file=sys.stderr,
        )
        return 2
    jobs: list[tuple[str, Path, Truth]] = []
    for source, folder in (("dev", args.dev), ("independent", args.independent)):
        if folder is None:
            continue
        clips = sorted(folder.glob("*.mp4"))[: args.limit or None]
        for clip in clips:
            truth = load_tracks(clip)
            if truth is not None:
                jobs.append((source, clip, truth))
    results: list[ClipResult] = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.own:
            jobs += [("own", p, t) for p, t in own_clips(Path(tmp), args.own)]
        for source, clip, truth in jobs:
            result = score_clip(mp, source, clip, truth, args.every)
            results.append(result)
            print(
                f"{source:12s} {clip.stem:10s} pose {result.detected}/{result.sampled}  "
                + "  ".join(
                    f"[{e['pattern']} {e['start_s']:.1f}-{e['end_s']:.1f}s region "
                    f"{e['region_bl'] if e['region_bl'] is None else round(e['region_bl'], 2)}"
                    f" ankle {e['ankle_bl'] if e['ankle_bl'] is None else round(e['ankle_bl'], 2)}]"
                    for e in result.episodes
                ),
                flush=True,
            )
    summary = {
        source: summarise([r for r in results if r.source == source])
        for source in dict.fromkeys(r.source for r in results)
    }
    print(json.dumps({"mediapipe": mp.__version__, "summary": summary}, indent=1))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "mediapipe": mp.__version__,
                    "summary": summary,
                    "clips": [r.__dict__ | {"pose_ms": None} for r in results],
                },
                indent=1,
                default=float,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
