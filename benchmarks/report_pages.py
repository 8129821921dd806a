"""How many A4 pages the clinician report takes when every episode was checked many times.

Run: ``python benchmarks/report_pages.py [--days 30] [--checks 11]``. The diary is the synthetic
one of ``tests/clinician_diary.py`` (one episode a day, a video analysed every third day); each
episode gets ``--checks`` triage runs, as a worried parent re-checking would make. Printed as
JSON: the triage rows of the report and the pages of its PDF (pypdf counts them).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pypdf import PdfReader

import clinician_diary as cd
from tremorwatch.reports.assemble import build_report
from tremorwatch.reports.render import render_pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--checks", type=int, default=11)
    args = parser.parse_args()
    diary = cd.make_diary(args.days)
    template = diary.assessments[0]
    runs = [
        template.model_copy(
            update={
                "id": f"run-{i}-{n}",
                "episode_id": episode.id,
                "created_at": episode.started_at + timedelta(minutes=10 + n),
            }
        )
        for i, episode in enumerate(diary.episodes)
        for n in range(args.checks)
    ]
    report = build_report(
        diary.profile,
        episodes=diary.episodes,
        recordings=diary.recordings,
        assessments=runs,
        date_from=cd.START,
        date_to=cd.START + timedelta(days=args.days - 1),
    )
    pages = len(PdfReader(io.BytesIO(render_pdf(report))).pages)
    print(
        json.dumps(
            {
                "days": args.days,
                "triage_runs": len(runs),
                "triage_rows": len(report.triage),
                "pages": pages,
            }
        )
    )


if __name__ == "__main__":
    main()
