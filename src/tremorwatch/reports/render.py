"""Render a :class:`ClinicianReport` to HTML (for the web) and to PDF (WeasyPrint, A4 or Letter).

Both come from the one template ``templates/clinician_report.html.j2``; the PDF is WeasyPrint's
rendering of exactly the HTML the web page shows, with the charts as vector SVG.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any, Final
from zoneinfo import ZoneInfo

from tremorwatch._checks import check_option
from tremorwatch.domain.codes import Disposition
from tremorwatch.errors import TremorwatchError
from tremorwatch.i18n import current_language, gettext, ngettext, pgettext, translate
from tremorwatch.reports.charts import report_charts
from tremorwatch.reports.labels import age_label, code_label
from tremorwatch.reports.model import ClinicianReport

PAPER_SIZES: Final = {"a4": "A4", "letter": "Letter"}
TEMPLATE_NAME: Final = "clinician_report.html.j2"


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("tremorwatch.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        gettext, ngettext, newstyle=True, pgettext=pgettext
    )
    env.filters["tr"] = translate
    env.globals["current_language"] = current_language
    env.filters["age"] = age_label
    env.filters["disposition"] = lambda d: code_label(Disposition(d))
    env.filters["num"] = lambda v, digits=1: "—" if v is None else f"{v:.{digits}f}"
    return env


def render_html(
    report: ClinicianReport,
    *,
    paper: str = "a4",
    links: Mapping[str, Mapping[str, str]] | None = None,
    charts: Mapping[str, str] | None = None,
    banner: str | None = None,
    pdf_url: str | None = None,
) -> str:
    """The report as one self-contained HTML page.

    Parameters
    ----------
    report
        The assembled report.
    paper
        ``"a4"`` or ``"letter"`` (the printed page size).
    links
        Optional links per recording id (label -> URL), e.g. the video and the analysis plot on
        a shared page.
    charts
        Pre-drawn SVG charts (drawn here when not given).
    banner
        A line shown above the report (a shared page says who shared it and until when).
    pdf_url
        Where the PDF of the same report can be downloaded (a link in the header).
    """
    check_option("paper", paper, PAPER_SIZES)
    tz = ZoneInfo(report.timezone)

    def when(moment: datetime) -> str:
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")

    env = _environment().overlay()
    env.filters["when"] = when
    return str(
        env.get_template(TEMPLATE_NAME).render(
            report=report,
            charts=charts if charts is not None else report_charts(report),
            page_size=PAPER_SIZES[paper],
            links=links or {},
            banner=banner,
            pdf_url=pdf_url,
        )
    )


def render_pdf(report: ClinicianReport, *, paper: str = "a4") -> bytes:
    """The report as PDF bytes (WeasyPrint), page size A4 or US Letter."""
    html = render_html(report, paper=paper)
    try:
        from weasyprint import HTML
    except OSError as exc:  # its system libraries (Pango) are missing
        raise TremorwatchError(
            f"PDF output needs WeasyPrint's system libraries (Pango): {exc}. Install them "
            "(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0) or choose HTML output.",
            code="pdf_unavailable",
        ) from None
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    pdf = HTML(string=html).write_pdf()
    if pdf is None:  # pragma: no cover - write_pdf returns bytes without a target
        raise TremorwatchError("WeasyPrint returned no PDF.", code="pdf_unavailable")
    return bytes(pdf)
