"""Print the vignette scores in pytest's terminal summary (visible without ``-s``)."""

from __future__ import annotations

import pytest
from vignette_library import cached_outcomes, score


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    outcomes = cached_outcomes()
    if not outcomes:
        return
    terminalreporter.section("clinical vignettes")
    for line in score(outcomes).lines():
        terminalreporter.write_line(line)
    misses = [o for o in outcomes if not o.exact]
    for o in misses:
        kind = "UNDER" if o.under_triaged else "over"
        terminalreporter.write_line(
            f"  {kind:5} {o.vignette.id}: expected {o.vignette.expected_disposition}, "
            f"got {o.disposition}"
        )
