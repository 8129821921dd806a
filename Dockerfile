# syntax=docker/dockerfile:1
# tremorwatch for a clinic: the web app (`serve`) and the analysis worker (`worker`) in one
# image. Build: docker build -t tremorwatch .   Run everything: docker compose up -d
#
# Two stages: the first builds a virtual environment with every extra ([all]); the second is
# python:slim with only the run-time system libraries and that environment, run as a non-root
# user. Video decoding needs no system FFmpeg: the PyAV and OpenCV (headless) wheels bundle
# their own libraries (av.libs/, opencv_python_headless.libs/). PDF reports (WeasyPrint) need
# Pango, HarfBuzz (with its subsetter) and fontconfig with at least one font.

FROM python:3.12-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir ".[all]"

FROM python:3.12-slim-bookworm
# Debian's security updates replace package versions, so they are not pinned here (DL3008):
# a rebuild picks up the fixed libraries. postgresql-client is for scripts/backup and
# scripts/restore (pg_dump/pg_restore 15, the server version of compose.yaml).
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        fonts-dejavu-core \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 tremorwatch \
    && useradd --system --uid 10001 --gid tremorwatch --home-dir /data --shell /usr/sbin/nologin tremorwatch \
    && mkdir -p /data/media \
    && chown -R tremorwatch:tremorwatch /data
COPY --from=build /opt/venv /opt/venv
COPY scripts/backup scripts/restore /opt/tremorwatch/scripts/
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    MPLBACKEND=Agg \
    TREMORWATCH_DATA_DIR=/data \
    TREMORWATCH_MEDIA_DIR=/data/media
USER 10001:10001
WORKDIR /data
VOLUME ["/data/media"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/v1/openapi.json', timeout=4)"]
ENTRYPOINT ["tremorwatch"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
