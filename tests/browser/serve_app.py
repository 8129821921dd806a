"""Run the real app for the browser tests: ``python serve_app.py PORT`` (settings from env).

uvicorn serves :func:`tremorwatch.web.app.create_app` on 127.0.0.1:PORT; its lifespan migrates
the SQLite database of ``TREMORWATCH_DATA_DIR`` and starts the embedded analysis worker, as
``tremorwatch serve`` does.
"""

from __future__ import annotations

import sys

import uvicorn

from tremorwatch.config import load_settings
from tremorwatch.web.app import create_app


def main() -> None:
    port = int(sys.argv[1])
    app = create_app(load_settings())
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
