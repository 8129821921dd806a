"""Score the movement analysis on folders in the dev-set format (``shared/dev-sets/motion``).

A folder holds ``NAME.truth.json`` files (segments of still, irregular, tremor and clonic
movement with their times and frequencies) beside the recordings they name (``file``: a video
or an accelerometer CSV). Each recording is analysed as ``tremorwatch analyze`` would, the
results are written as ``NAME.json`` into a scratch folder, and the dev set's own scorer
(``score.py``, loaded from its path so its definitions are used unchanged) scores them:

* found: share of rhythmic truth segments that predicted tremor/clonic episodes cover by at
  least half (1 s collar);
* false alarms: seconds of predicted tremor/clonic episodes on still or irregular truth time
  outside a 1 s collar around rhythmic segments, per minute of such time;
* median frequency error of the found segments (Hz);
* pattern: share of found segments whose best-overlapping episode has the right pattern.

Used by ``analysis_accuracy.py --dev`` and ``--independent``.
"""

from __future__ import annotations

import importlib.util
import json
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

#: The dev set's scorer, relative to the repository's parent (``../shared`` beside it).
DEFAULT_SCORER = Path(__file__).resolve().parents[2] / "shared" / "dev-sets" / "motion" / "score.py"


def load_scorer(path: Path) -> ModuleType:
    """The scorer module at ``path`` (it defines ``score(truth_dir, pred_dir)``)."""
    if not path.is_file():
        raise SystemExit(f"No scorer at {path}: pass --scorer PATH/TO/dev-sets/motion/score.py.")
    spec = importlib.util.spec_from_file_location("devset_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path} cannot be loaded as a Python module.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def truth_folders(root: Path) -> list[Path]:
    """Folders under ``root`` (itself included) that hold ``*.truth.json`` files."""
    folders = sorted({p.parent for p in root.rglob("*.truth.json")})
    if not folders:
        raise SystemExit(f"No *.truth.json files under {root}.")
    return folders


def _analyse(job: tuple[str, str]) -> tuple[str, float, dict[str, Any] | str]:
    """Analyse one recording: (name, seconds, result dict or the error message)."""
    from tremorwatch.errors import TremorwatchError
    from tremorwatch.services.analysis import analyse_recording_file

    name, path = job
    started = time.perf_counter()
    try:
        result = analyse_recording_file(Path(path)).to_json_dict()
    except TremorwatchError as exc:
        return name, time.perf_counter() - started, str(exc)
    return name, time.perf_counter() - started, result


def score_folder(folder: Path, scorer: ModuleType, *, workers: int) -> dict[str, Any]:
    """Analyse every recording of ``folder`` and score it; the scorer's result dict plus
    ``kind`` (video/accelerometer/mixed), ``seconds`` and ``failed`` (name: error)."""
    jobs: list[tuple[str, str]] = []
    kinds: set[str] = set()
    present: dict[str, set[str]] = {}  # the kinds of movement in each recording
    for truth_file in sorted(folder.glob("*.truth.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        name = truth.get("name") or truth_file.name.removesuffix(".truth.json")
        recording = folder / str(truth.get("file", ""))
        if not recording.is_file():
            raise SystemExit(f"{truth_file} names {recording.name!r}, which is not in {folder}.")
        kinds.add("accelerometer" if recording.suffix.lower() == ".csv" else "video")
        present[name] = {str(s["kind"]) for s in truth.get("segments", [])}
        jobs.append((name, str(recording)))
    failed: dict[str, str] = {}
    seconds = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for name, elapsed, result in pool.map(_analyse, jobs):
                seconds += elapsed
                if isinstance(result, str):
                    failed[name] = result  # scored as predicting nothing
                    continue
                (Path(scratch) / f"{name}.json").write_text(json.dumps(result), encoding="utf-8")
        scored: dict[str, Any] = scorer.score(str(folder), scratch)
    scored["clip_acc_spec"] = _spec_pattern_accuracy(present, scored)
    scored["kind"] = kinds.pop() if len(kinds) == 1 else "mixed"
    scored["seconds"] = seconds
    scored["failed"] = failed
    return scored


#: The top-level pattern of ``shared/spec/motion-analysis-v1.md``: the most concerning
#: pattern present (clonic over tremor over irregular over none).
SPEC_PRIORITY = ("clonic", "tremor", "irregular")


def _spec_pattern_accuracy(present: dict[str, set[str]], scored: dict[str, Any]) -> float:
    """Share of recordings whose predicted top-level pattern is the spec's for the truth: the
    most concerning kind present, where the scorer's recording pattern is the rhythmic kind
    that lasts longest (a recording with 6.8 s of clonic jerks and 7.0 s of tremor is
    ``tremor`` to the scorer and ``clonic`` to the spec). Irregular and none count as one,
    as in the scorer."""
    right = 0
    clips = scored.get("clips", [])
    for clip in clips:
        kinds = present.get(str(clip["clip"]), set())
        expected = next((k for k in SPEC_PRIORITY if k in kinds), "none")
        calm = ("irregular", "none")
        right += clip["pred"] == expected or (clip["pred"] in calm and expected in calm)
    return right / len(clips) if clips else float("nan")


def summary_lines(label: str, scored: dict[str, Any], *, details: bool = True) -> list[str]:
    """The figures of one scored folder, then (``details``) each missed segment."""
    segments = scored["segments"]
    found = sum(1 for s in segments if s["found"])
    lines = [
        f"## {label}: {scored['n_clips']} {scored['kind']} recordings, {len(segments)} rhythmic segments",
        f"found                  {found} of {len(segments)} ({scored['sens']:.2f})",
        f"false alarms           {scored['fa_s_per_min']:.2f} s per minute of still or irregular time",
        f"frequency error        median {scored['f_med_err']:.2f} Hz, p90 {scored['f_p90_err']:.2f} Hz (of those found)",
        f"pattern right          {scored['label_acc']:.2f} (of those found)",
        f"recording pattern      {scored['clip_acc']:.2f} (scorer: longest rhythm); "
        f"{scored['clip_acc_spec']:.2f} (spec: most concerning present)",
        f"analysis time          {scored['seconds']:.0f} s in all",
    ]
    for group, stats in scored.get("by_group", {}).items():
        lines.append(f"  camera {group:9s}     found {stats['found']} of {stats['n']}")
    if details:
        for s in segments:
            if not s["found"]:
                lines.append(
                    f"  missed: {s['clip']} {s['kind']} {s['start_s']:.1f}-{s['end_s']:.1f} s"
                    f" ({s['f_true']:.2f} Hz, covered {s['coverage']:.2f})"
                )
        for name, error in scored["failed"].items():
            lines.append(f"  failed: {name}: {error}")
    return lines
