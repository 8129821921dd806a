"""Time to build the clinician report PDF and the FHIR bundle for a year of daily episodes.

Run: ``python benchmarks/report_speed.py [--days 365] [--repeat 3]``. The diary is the
synthetic one of ``tests/clinician_diary.py`` (one episode a day, a video analysed every third
day, two triage runs, four milestone answers). Reported: the median of ``--repeat`` warm runs
(after one warm-up run that pays for imports and font loading), in seconds, for

* ``report_assemble`` - numbers from the diary (no drawing),
* ``report_charts`` - the SVG charts,
* ``report_pdf`` - assemble + charts + HTML + WeasyPrint PDF (the aim: < 2 s),
* ``fhir_bundle`` - build + validate with fhir.resources + our checks (the aim: < 0.5 s).

Each time is printed as ``[wall, cpu]`` seconds; on a shared machine the CPU time of this
process is the fairer number, and the load average before and after is printed with them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import clinician_diary as cd
from tremorwatch.export.fhir import build_bundle
from tremorwatch.reports.assemble import build_report
from tremorwatch.reports.charts import report_charts
from tremorwatch.reports.render import render_pdf


def _time(fn, repeat: int) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    """Median wall-clock and CPU seconds of ``repeat`` warm runs, and the last result."""
    result = fn()  # warm-up
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    diary = cd.make_diary(args.days)
    kwargs = {
        "episodes": diary.episodes,
        "recordings": diary.recordings,
        "assessments": diary.assessments,
        "milestone_answers": diary.milestone_answers,
    }
    last = cd.START + timedelta(days=args.days - 1)

    def assemble():  # type: ignore[no-untyped-def]
        return build_report(diary.profile, date_from=cd.START, date_to=last, **kwargs)

    def pdf():  # type: ignore[no-untyped-def]
        return render_pdf(assemble())

    def bundle():  # type: ignore[no-untyped-def]
        return build_bundle(diary.profile, **kwargs)

    import io
    import os

    from pypdf import PdfReader

    load_before = os.getloadavg()[0]
    t_assemble, c_assemble, report = _time(assemble, args.repeat)
    t_charts, c_charts, _ = _time(lambda: report_charts(report), args.repeat)  # type: ignore[arg-type]
    t_pdf, c_pdf, pdf_bytes = _time(pdf, args.repeat)
    t_fhir, c_fhir, built = _time(bundle, args.repeat)

    results = {
        "days": args.days,
        "episodes": len(diary.episodes),
        "recordings": len(diary.recordings),
        "load_average_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "cpu_cores": os.cpu_count(),
        "report_assemble_s": [round(t_assemble, 3), round(c_assemble, 3)],
        "report_charts_s": [round(t_charts, 3), round(c_charts, 3)],
        "report_pdf_s": [round(t_pdf, 3), round(c_pdf, 3)],
        "pdf_pages": len(PdfReader(io.BytesIO(pdf_bytes)).pages),  # type: ignore[arg-type]
        "pdf_kb": len(pdf_bytes) // 1024,  # type: ignore[arg-type]
        "fhir_bundle_s": [round(t_fhir, 3), round(c_fhir, 3)],
        "fhir_entries": len(built["entry"]),  # type: ignore[index]
        "fhir_kb": len(json.dumps(built)) // 1024,
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
