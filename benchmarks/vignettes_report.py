"""Clinical vignette report: run every case of the library through the triage engine.

Prints the summary scores (exact-match rate, emergency sensitivity, under- and over-triage,
cause recall), a confusion matrix of expected versus engine disposition, per-disposition
counts, and every mismatch with its story and source. Run: ``python benchmarks/vignettes_report.py``
(``--markdown`` prints the tables as Markdown for ``benchmarks/README.md``).

The cases and their expected answers are in ``tests/vignettes/cases/*.yaml`` (written from
``shared/clinical/evidence.md``, not from the engine).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "vignettes"))

from vignette_library import Outcome, library, run_all, score

from tremorwatch.domain.codes import Disposition

ORDER = list(Disposition)
SHORT = {
    Disposition.EMERGENCY: "emerg",
    Disposition.SAME_DAY: "same",
    Disposition.WITHIN_DAYS: "days",
    Disposition.ROUTINE: "routine",
    Disposition.HOME_CARE: "home",
}


def confusion_rows(outcomes: list[Outcome]) -> list[list[str]]:
    """Header plus one row per expected disposition: counts of each engine disposition."""
    matrix = score(outcomes).confusion
    rows = [["expected \\ got", *(SHORT[d] for d in ORDER), "total", "exact"]]
    for expected in ORDER:
        counts = [matrix.get((expected, got), 0) for got in ORDER]
        total = sum(counts)
        exact = matrix.get((expected, expected), 0)
        share = f"{exact / total:.0%}" if total else "-"
        rows.append([SHORT[expected], *(str(c) for c in counts), str(total), share])
    return rows


def _print_table(rows: list[list[str]], *, markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(rows[0]) + " |")
        print("|" + "---|" * len(rows[0]))
        for row in rows[1:]:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)))


ROOT = Path(__file__).resolve().parents[1]
_URGENCY = {d.value: d.urgency for d in Disposition}


def json_set_line(folder: Path) -> str:
    """Exact, emergency sensitivity, safe, over-triage and true cause in the top 3 for a folder
    of case files ``*.json`` with ``input`` and ``expected`` (the dev-set format)."""
    import json

    from tremorwatch.domain.assessment import parse_assessment
    from tremorwatch.domain.triage import evaluate

    n = exact = em = em_n = safe = over = non = top3 = 0
    for path in sorted(folder.glob("*.json")):
        case = json.loads(path.read_text())
        if "input" not in case or "expected" not in case:
            continue
        result = evaluate(parse_assessment(case["input"]))
        got, want = result.disposition.value, case["expected"]["disposition"]
        n += 1
        exact += got == want
        if want == "emergency":
            em_n += 1
            em += got == want
            safe += got == want
        else:
            non += 1
            over += _URGENCY[got] > _URGENCY[want]
            safe += _URGENCY[got] >= _URGENCY[want] - 1
        causes = [c.id.value for c in result.possible_causes[:3]]
        top3 += any(c in causes for c in case["expected"].get("causes", []))
    if not n:
        return "no cases"
    return (
        f"n={n} exact {exact / n:.2f}, emergency sensitivity {em}/{em_n}, safe {safe / n:.2f}, "
        f"over-triage {over / max(non, 1):.2f}, true cause in top 3 {top3 / n:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print tables as Markdown")
    parser.add_argument(
        "--dev",
        type=Path,
        default=ROOT.parent / "shared" / "dev-sets" / "vignettes",
        help="folder of dev cases (JSON with input and expected); default ../shared/dev-sets",
    )
    parser.add_argument(
        "--blind",
        type=Path,
        action="append",
        default=None,
        help="folder of blind cases in the same format (repeat for several sets); default: "
        "every benchmarks/blind_vignettes*/cases",
    )
    args = parser.parse_args(argv)
    blind = args.blind or sorted(Path(__file__).parent.glob("blind_vignettes*/cases"))
    sets = [("dev set", args.dev)] + [("blind set", folder) for folder in blind]
    for name, folder in sets:
        if folder is not None and folder.is_dir():
            print(f"{name} ({folder}): " + json_set_line(folder))

    started = time.perf_counter()
    outcomes = run_all()
    elapsed_s = time.perf_counter() - started
    scores = score(outcomes)

    print(f"Vignette library: {len(library())} cases, engine time {elapsed_s * 1000:.0f} ms")
    for line in scores.lines():
        print("  " + line)
    print()
    print("Confusion matrix (rows: expected, columns: engine):")
    _print_table(confusion_rows(outcomes), markdown=args.markdown)

    mismatches = [o for o in outcomes if not o.exact]
    print()
    print(f"Mismatches ({len(mismatches)}):")
    for o in sorted(mismatches, key=lambda o: (not o.under_triaged, o.vignette.id)):
        kind = "UNDER-TRIAGE" if o.under_triaged else "over-triage"
        print(
            f"  [{kind}] {o.vignette.id} ({o.vignette.file}): expected "
            f"{o.vignette.expected_disposition}, got {o.disposition}"
        )
    missing = [o for o in outcomes if o.missing_causes]
    print()
    print(f"Cases with expected causes missing from possible_causes ({len(missing)}):")
    for o in missing:
        print(f"  {o.vignette.id}: missing {', '.join(c.value for c in o.missing_causes)}")
    return 1 if scores.under_triage else 0


if __name__ == "__main__":
    raise SystemExit(main())
