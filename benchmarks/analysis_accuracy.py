"""Accuracy of the movement analysis on a generated set with exact ground truth.

Run: ``python benchmarks/analysis_accuracy.py [--quick] [--workers 2] [--seed N ...]
[--dev [DIR]] [--independent DIR] [--skip-own] [--kind video|accelerometer]``

Three sources are reported apart:

* the project's own generator (below; ``--skip-own`` leaves it out);
* ``--dev``: the outside development set (``shared/dev-sets/motion``: ``video/`` and ``imu/``);
* ``--independent DIR``: a folder written by the independent generator
  (``benchmarks/independent_generator/generate.py --out DIR ...``), in the same format.

The last two are scored with the dev set's own scorer (see ``segment_sources.py``): rhythmic
segments found, false alarms per minute of still or irregular time, median frequency error and
pattern of the segments found.

Each ``--seed`` draws another set of the same make-up; with several, each draw is summarised
and then all of them together (four draws: 256 rhythmic clips, enough to tell 0.97 from 0.98).

The set (``tremorwatch.analysis.synthetic``), 10 s clips at 320x240, 30 fps,
breathing, +-20 % exposure drift and sensor noise in every clip:

* tremor 4-12 Hz (sinusoid, 1.5-4 px at the foot), clonic 1-4 Hz (saw-tooth, fast phase 20 %,
  4-10 px), each with and without hand-held shake (8-12 Hz, 1.5-3.5 px), H.264 CRF 20-28
  (``--stress``: CRF 32, heavier than a phone records, like a clip forwarded by a messenger),
  some with variable frame rate or portrait rotation; movement starts at 1.5-3 s and ends at
  7-8.5 s;
* kicking (irregular), stillness, and camera shake alone (no limb movement).

Metrics (the issue's aims in brackets):

* sensitivity: share of rhythmic clips with a tremor/clonic episode covering at least half of
  the true episode [>= 0.97];
* false alarms: seconds of tremor/clonic episodes reported outside any true rhythmic episode
  (0.5 s margin), per minute of such non-rhythmic video [< 0.5 s/min];
* frequency error: |reported dominant frequency - truth| over detected clips, median and 90th
  percentile [< 0.15 Hz median];
* pattern accuracy: top-level pattern equal to the truth (kicking -> irregular, stillness and
  camera shake alone -> none) [0.95];
* camera shake alone: clips reported as tremor [0].

The same metrics are computed for synthetic accelerometer files (20 s, 100 Hz, +-20 % jitter).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from segment_sources import DEFAULT_SCORER, load_scorer, score_folder, summary_lines, truth_folders

#: The outside development set (``../shared`` beside the repository).
DEFAULT_DEV_SET = DEFAULT_SCORER.parent


@dataclass(frozen=True)
class Case:
    kind: str  # "video" or "accelerometer"
    pattern: str
    frequency_hz: float | None
    options: dict[str, Any]
    label: str


def build_cases(quick: bool, *, stress: bool = False, seed: int = 2026) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases: list[Case] = []
    seeds = 1 if quick else 2
    tremor_f = [4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0]
    clonic_f = [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0]
    for pattern, freqs, amp in (
        ("tremor", tremor_f, (2.0, 4.0)),
        ("clonic", clonic_f, (5.0, 10.0)),
    ):
        for f in freqs:
            for _seed in range(seeds):
                for shake in (False, True):
                    index = len(cases)
                    opts: dict[str, Any] = {
                        "amplitude_px": float(rng.uniform(*amp)),
                        "active_s": (float(rng.uniform(1.5, 3.0)), float(rng.uniform(7.0, 8.5))),
                        "seed": index + seed,
                        "crf": 32 if stress else int(rng.integers(20, 29)),
                    }
                    if shake:
                        opts["camera_shake_hz"] = float(rng.uniform(8.0, 12.0))
                        opts["camera_shake_px"] = float(rng.uniform(1.5, 3.5))
                    if index % 5 == 0:
                        opts["variable_frame_rate"] = True
                    if index % 7 == 0:
                        opts.update(width=240, height=320, rotation_deg=90)
                    cases.append(
                        Case(
                            "video",
                            pattern,
                            f,
                            opts,
                            f"{pattern} {f} Hz{' shake' if shake else ''}",
                        )
                    )
    n_other = 3 if quick else 6
    for index in range(n_other):
        shake: dict[str, Any] = {"camera_shake_hz": float(rng.uniform(8, 12))} if index % 2 else {}
        if stress:
            shake["crf"] = 32
        cases.append(
            Case("video", "kicking", None, {"seed": seed + 100 + index, **shake}, "kicking")
        )
        cases.append(Case("video", "still", None, {"seed": seed + 200 + index, **shake}, "still"))
        cases.append(
            Case(
                "video",
                "still",
                None,
                {
                    "seed": seed + 300 + index,
                    "camera_shake_hz": 8.0 + 4.0 * index / max(n_other - 1, 1),
                    "camera_shake_px": float(rng.uniform(1.5, 3.5)),
                },
                "camera shake only",
            )
        )
    for pattern, freqs in (("tremor", tremor_f), ("clonic", clonic_f)):
        for f in freqs:
            cases.append(
                Case(
                    "accelerometer",
                    pattern,
                    f,
                    {"seed": seed + int(f * 10)},
                    f"sensor {pattern} {f} Hz",
                )
            )
    for index in range(n_other):
        cases.append(
            Case("accelerometer", "kicking", None, {"seed": seed + 400 + index}, "sensor kicking")
        )
        cases.append(
            Case("accelerometer", "still", None, {"seed": seed + 500 + index}, "sensor still")
        )
    return cases


def run_case(case: Case) -> dict[str, Any]:
    from tremorwatch.analysis.synthetic import (
        write_synthetic_accelerometer_csv,
        write_synthetic_clip,
    )
    from tremorwatch.services.analysis import analyse_recording_file

    with tempfile.TemporaryDirectory() as folder:
        if case.kind == "video":
            path = Path(folder) / "clip.mp4"
            truth = write_synthetic_clip(
                path,
                pattern=case.pattern,
                frequency_hz=case.frequency_hz,
                duration_s=10.0,
                **case.options,
            )  # type: ignore[arg-type]
        else:
            path = Path(folder) / "sensor.csv"
            truth = write_synthetic_accelerometer_csv(
                path, pattern=case.pattern, frequency_hz=case.frequency_hz, **case.options
            )  # type: ignore[arg-type]
        started = time.perf_counter()
        result = analyse_recording_file(path)
        elapsed = time.perf_counter() - started
    rhythmic_truth = truth.episodes_s if truth.rhythmic else []
    rhythmic_found = [e for e in result.episodes if e.pattern.value in ("tremor", "clonic")]
    covered = 0.0
    for start, end in rhythmic_truth:
        covered = sum(
            max(0.0, min(e.end_s, end) - max(e.start_s, start)) for e in rhythmic_found
        ) / (end - start)
    false_s = 0.0
    for episode in rhythmic_found:
        outside = episode.end_s - episode.start_s
        for start, end in rhythmic_truth:
            outside -= max(0.0, min(episode.end_s, end + 0.5) - max(episode.start_s, start - 0.5))
        false_s += max(0.0, outside)
    rhythmic_time = sum(end - start for start, end in rhythmic_truth)
    expected = {"tremor": "tremor", "clonic": "clonic", "kicking": "irregular", "still": "none"}[
        case.pattern
    ]
    amplitude_ratio = None
    if rhythmic_found and truth.rhythmic and case.kind == "video":
        amplitude_ratio = max(e.amplitude for e in rhythmic_found) / truth.amplitude
    return {
        "case": case.label,
        "kind": case.kind,
        "rhythmic": truth.rhythmic,
        "detected": truth.rhythmic and covered >= 0.5,
        "freq_error": abs(result.dominant_frequency_hz - truth.frequency_hz)
        if truth.rhythmic and result.dominant_frequency_hz is not None and covered >= 0.5
        else None,
        "false_s": false_s,
        "non_rhythmic_s": truth.duration_s - rhythmic_time,
        "pattern_ok": result.pattern.value == expected,
        "pattern": result.pattern.value,
        "expected": expected,
        "shake_only": case.label == "camera shake only",
        "amplitude_ratio": amplitude_ratio,
        "seconds": elapsed,
        "issues": [i.value for i in result.quality.issues],
        "usable": result.quality.usable,
    }


def summarise(rows: list[dict[str, Any]], kind: str, *, details: bool = True) -> list[str]:
    """The metrics of ``kind`` recordings, then (``details``) each wrong pattern and miss."""
    rows = [r for r in rows if r["kind"] == kind]
    rhythmic = [r for r in rows if r["rhythmic"]]
    errors = sorted(r["freq_error"] for r in rows if r["freq_error"] is not None)
    minutes = sum(r["non_rhythmic_s"] for r in rows) / 60.0
    ratios = [r["amplitude_ratio"] for r in rows if r["amplitude_ratio"] is not None]
    lines = [
        f"## {kind}: {len(rows)} recordings ({len(rhythmic)} rhythmic)",
        f"sensitivity            {sum(r['detected'] for r in rhythmic) / max(len(rhythmic), 1):.3f}",
        f"false alarms           {sum(r['false_s'] for r in rows) / max(minutes, 1e-9):.2f} s per minute of non-rhythmic recording ({minutes:.1f} min)",
        f"frequency error        median {statistics.median(errors) if errors else float('nan'):.3f} Hz, p90 {np.percentile(errors, 90) if errors else float('nan'):.3f} Hz, max {max(errors) if errors else float('nan'):.3f} Hz",
        f"flagged unusable       {sum(not r['usable'] for r in rhythmic)} rhythmic, {sum(not r['usable'] for r in rows if not r['rhythmic'])} other (quality issue instead of an answer)",
        f"pattern accuracy       {sum(r['pattern_ok'] for r in rows) / max(len(rows), 1):.3f}",
        f"pattern accuracy, usable only {sum(r['pattern_ok'] for r in rows if r['usable']) / max(sum(r['usable'] for r in rows), 1):.3f} ({sum(r['usable'] for r in rows)} recordings)",
        f"analysis time          median {statistics.median(r['seconds'] for r in rows):.2f} s per recording",
    ]
    if kind == "video":
        shake = [r for r in rows if r["shake_only"]]
        lines.append(
            f"camera shake only      {sum(r['pattern'] == 'tremor' for r in shake)} of {len(shake)} reported as tremor ({sum(r['pattern'] != 'none' for r in shake)} with any movement)"
        )
        if ratios:
            lines.append(
                f"amplitude (measured/true) median {statistics.median(ratios):.2f}, range {min(ratios):.2f}-{max(ratios):.2f}"
            )
    if not details:
        return lines
    wrong = [
        f"{r['case']}: {r['pattern']} (expected {r['expected']})"
        for r in rows
        if not r["pattern_ok"]
    ]
    lines.extend(f"  wrong: {w}" for w in wrong)
    missed = [
        f"{r['case']} ({'flagged: ' + ', '.join(r['issues']) if not r['usable'] else r['pattern']})"
        for r in rhythmic
        if not r["detected"]
    ]
    lines.extend(f"  missed: {m}" for m in missed)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller set (about a third)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--seed",
        type=int,
        action="append",
        help="draw another set (2026, the default, was used while tuning); repeat for several",
    )
    parser.add_argument(
        "--stress", action="store_true", help="every clip at H.264 CRF 32 (messenger-grade)"
    )
    parser.add_argument(
        "--dev",
        type=Path,
        nargs="?",
        const=DEFAULT_DEV_SET,
        help=f"also score the dev set in the dev-set format (default {DEFAULT_DEV_SET})",
    )
    parser.add_argument(
        "--independent",
        type=Path,
        help="also score a folder written by the independent generator (dev-set format)",
    )
    parser.add_argument(
        "--scorer", type=Path, default=DEFAULT_SCORER, help="the dev set's score.py"
    )
    parser.add_argument(
        "--skip-own", action="store_true", help="leave out the project's own generator"
    )
    parser.add_argument(
        "--kind",
        choices=("video", "accelerometer"),
        help="run only this part of the own generator (both by default)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    for label, root in (("dev set", args.dev), ("independent generator", args.independent)):
        if root is None:
            continue
        scorer = load_scorer(args.scorer)
        for folder in truth_folders(root):
            scored = score_folder(folder, scorer, workers=args.workers)
            print("\n".join(summary_lines(f"{label}, {folder.name}", scored)))
    if args.skip_own:
        print(f"total wall time {time.perf_counter() - started:.0f} s with {args.workers} workers")
        return
    seeds = args.seed or [2026]
    draws = {seed: build_cases(args.quick, stress=args.stress, seed=seed) for seed in seeds}
    if args.kind:
        draws = {s: [c for c in draw if c.kind == args.kind] for s, draw in draws.items()}
    cases = [case for draw in draws.values() for case in draw]
    kinds = (args.kind,) if args.kind else ("video", "accelerometer")
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        rows = list(pool.map(run_case, cases))
    first = 0
    for seed, draw in draws.items():
        if len(draws) > 1:
            print(f"# seed {seed}")
        for kind in kinds:
            print("\n".join(summarise(rows[first : first + len(draw)], kind)))
        first += len(draw)
    if len(draws) > 1:
        print(f"# all {len(draws)} draws together (seeds {', '.join(map(str, seeds))})")
        for kind in kinds:
            print("\n".join(summarise(rows, kind, details=False)))
    print(f"total wall time {time.perf_counter() - started:.0f} s with {args.workers} workers")


if __name__ == "__main__":
    main()
