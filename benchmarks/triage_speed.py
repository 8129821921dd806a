"""Triage engine speed: assessments per second in-process, and CLI wall times.

Run: ``python benchmarks/triage_speed.py`` (``--quick`` for fewer repetitions). Prints a
Markdown table; the numbers in benchmarks/README.md (## Triage engine) come from it.

* In-process: ``evaluate`` on already-parsed assessments (the engine alone) and
  ``services.triage.assess`` on JSON text (parsing + engine), over a fixed mix of realistic
  assessments - complete benign answers, emergencies, partial answers (which need the most
  next-question work) and the clinical vignettes when ``tests/vignettes/cases`` is present.
* Subprocess: wall time of ``tremorwatch --help`` and of one
  ``tremorwatch assess --input FILE --format json`` call, each started fresh (Python start-up,
  imports, ruleset loading included). The first run after writing the files is the coldest.

Both are also reported in CPU time (``time.process_time`` in-process, the children's user+sys
time from ``resource.getrusage`` for the CLI): on a machine shared with other jobs the wall
clock mostly measures waiting for a core, CPU time what the work itself costs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

JITTERY: dict[str, Any] = {
    "infant": {
        "age_days": 21,
        "gestational_age_weeks": 39,
        "history": [],
        "vitamin_k_at_birth": "yes",
    },
    "episode": {
        "body_parts": ["left_leg", "right_leg"],
        "rhythmic": "yes",
        "speed": "fast_fine",
        "typical_duration_s": 10,
        "longest_duration_s": 30,
        "first_noticed_days_ago": 10,
        "trend": "stable",
        "states": ["crying_or_upset", "handling_or_noise"],
        "only_in_sleep": "no",
        "stops_with_gentle_hold": "yes",
        "provoked_by_stimulus": "yes",
        "comes_in_clusters": "no",
        "one_side_only": "no",
        "happening_now": "no",
    },
    "findings": [],
}
EXTRA: list[dict[str, Any]] = [
    JITTERY,
    {**JITTERY, "findings": ["breathing_pause"]},
    {**JITTERY, "vitals": {"temperature_c": 38.4}},
    {"infant": {"age_days": 30}},
    {"infant": {"age_days": 2}, "episode": {"stops_with_gentle_hold": "unsure"}},
    {"infant": {"age_days": 150}, "episode": {"comes_in_clusters": "unsure", "rhythmic": "no"}},
    {
        "infant": {
            "age_days": 250,
            "history": ["exclusively_breastfed_by_vegan_or_b12_deficient_mother"],
        },
        "findings": ["loss_of_skills"],
    },
]


def sample_assessments() -> list[dict[str, Any]]:
    """The benchmark mix: the built-in cases plus every vignette assessment found."""
    out = list(EXTRA)
    cases = ROOT / "tests" / "vignettes" / "cases"
    if cases.is_dir():
        import yaml

        for path in sorted(cases.glob("*.yaml")):
            for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
                out.append(case["assessment"])
    return out


def in_process(repeat: int) -> dict[str, float]:
    from tremorwatch.domain.assessment import parse_assessment
    from tremorwatch.domain.triage import evaluate, load_ruleset
    from tremorwatch.services.triage import assess

    t0 = time.perf_counter()
    load_ruleset()
    load_s = time.perf_counter() - t0
    raw = sample_assessments()
    parsed = [parse_assessment(d) for d in raw]
    texts = [json.dumps(d) for d in raw]
    for a in parsed:  # warm up
        evaluate(a)
    best_eval = best_full = best_eval_cpu = 0.0
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(20):
            for a in parsed:
                evaluate(a)
        n = 20 * len(parsed)
        best_eval = max(best_eval, n / (time.perf_counter() - t0))
        best_eval_cpu = max(best_eval_cpu, n / (time.process_time() - c0))
        t0 = time.perf_counter()
        for _ in range(5):
            for text in texts:
                assess(text)
        best_full = max(best_full, 5 * len(texts) / (time.perf_counter() - t0))
    return {
        "cases": len(parsed),
        "load_ruleset_s": load_s,
        "evaluate_per_s": best_eval,
        "evaluate_per_cpu_s": best_eval_cpu,
        "parse_and_evaluate_per_s": best_full,
    }


def _command() -> list[str]:
    script = shutil.which("tremorwatch")
    return [script] if script else [sys.executable, "-m", "tremorwatch"]


def wall_times(args: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (user+sys) seconds of ``runs`` fresh ``tremorwatch ARGS`` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        done = subprocess.run([*_command(), *args], capture_output=True, check=False)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"tremorwatch {' '.join(args)} failed: {done.stderr.decode()[:500]}")
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    opts = parser.parse_args()
    repeat, runs = (2, 5) if opts.quick else (5, 15)
    speed = in_process(repeat)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "assessment.json"
        path.write_text(json.dumps(JITTERY), encoding="utf-8")
        help_times = wall_times(["--help"], runs)
        assess_times = wall_times(["assess", "--input", str(path), "--format", "json"], runs)
    load = os.getloadavg()[0]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {load:.1f}"
    )
    print(f"load_ruleset (first load, in-process): {speed['load_ruleset_s'] * 1000:.0f} ms")
    print()
    print("| measurement | result |")
    print("| --- | --- |")
    cases = speed["cases"]
    print(
        f"| evaluate(), {cases:.0f} mixed cases, wall clock | {speed['evaluate_per_s']:,.0f} /s |"
    )
    print(f"| evaluate(), per CPU second | {speed['evaluate_per_cpu_s']:,.0f} /s |")
    print(
        f"| services.triage.assess(), JSON text in | {speed['parse_and_evaluate_per_s']:,.0f} /s |"
    )
    for name, (walls, cpus) in (
        ("tremorwatch --help", help_times),
        ("tremorwatch assess --input FILE --format json", assess_times),
    ):
        print(
            f"| `{name}`: wall first / median / min of {len(walls)} | "
            f"{walls[0]:.3f} / {statistics.median(walls):.3f} / {min(walls):.3f} s |"
        )
        print(f"| `{name}`: CPU median / min | {statistics.median(cpus):.3f} / {min(cpus):.3f} s |")


if __name__ == "__main__":
    main()
