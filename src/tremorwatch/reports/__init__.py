"""Charts and the clinician report (HTML and PDF).

:func:`build_report` assembles a :class:`ClinicianReport` from the diary value objects;
:func:`render_html` and :func:`render_pdf` render it from one template. ``motion_plot`` (the
per-recording analysis plot) belongs to the analysis engineer's part.
"""
