"""Typed settings, read from ``TREMORWATCH_*`` environment variables.

Nothing is built at import time: call :func:`get_settings` (cached) or construct
:class:`Settings` yourself (tests do, with their own values). Every setting is listed in
README.md with its default.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tremorwatch.errors import ConfigError


def default_data_dir() -> Path:
    """The per-user data folder of the platform (XDG on Linux)."""
    home = Path.home()
    if sys.platform == "win32":  # pragma: no cover - not on CI
        base = Path(os.environ.get("APPDATA", home / "AppData" / "Roaming"))
    elif sys.platform == "darwin":  # pragma: no cover - not on CI
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "tremorwatch"


class Settings(BaseSettings):
    """All of tremorwatch's settings.

    Each field is read from the environment variable ``TREMORWATCH_<FIELD NAME IN CAPITALS>``.
    """

    model_config = SettingsConfigDict(env_prefix="TREMORWATCH_", extra="ignore")

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Folder for the SQLite database, videos and the job queue.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default sqlite:///<data_dir>/tremorwatch.db. "
        "Use postgresql+psycopg://user@host/db for a clinic.",
    )
    media_dir: Path | None = Field(
        default=None, description="Private folder for uploaded videos; default <data_dir>/media."
    )
    max_upload_mb: int = Field(default=1024, ge=1, description="Largest accepted upload, in MB.")
    queue: Literal["embedded", "redis"] = Field(
        default="embedded",
        description="Background jobs: 'embedded' (worker thread, queue in SQLite) or 'redis' "
        "(distributed; start consumers with `tremorwatch worker`).",
    )
    redis_url: str = Field(
        default="redis://127.0.0.1:6379/0", description="Broker for queue=redis."
    )
    queue_name: str = Field(
        default="tremorwatch",
        pattern=r"^[A-Za-z0-9_.:-]{1,64}$",
        description="Name of the job queue (the Redis key prefix); give each deployment "
        "sharing a Redis server its own.",
    )
    job_lease_s: float = Field(
        default=60.0,
        ge=1.0,
        le=3600.0,
        description="Seconds a running analysis holds its lease without renewing it (it is "
        "renewed every quarter of this); a job whose lease ran out lost its worker and is "
        "queued again by the other workers.",
    )
    server_id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9_.:@-]{1,120}$",
        description="Who runs the analyses of this process, written on each running job: at "
        "start-up a server queues again at once only the interrupted jobs of its own id; a "
        "sibling's job only once its lease ran out. Give each server of a deployment its own, "
        "stable over restarts (e.g. the container name). Default: `tremorwatch serve` uses "
        "<host name>:<port>, other processes <host name>:<process id>.",
    )
    job_max_attempts: int = Field(
        default=3,
        ge=1,
        le=20,
        description="Interrupted runs of one analysis before it is marked failed (the user "
        "can still retry it).",
    )
    body_cache: Literal["auto", "memory", "redis", "off"] = Field(
        default="auto",
        description="Cache of rendered diary bodies (page HTML, API JSON), keyed on the "
        "family's data version and everything else the body depends on: 'auto' is Redis "
        "(shared by every process, keys under <queue_name>:body:) when queue=redis, else "
        "'memory' (an LRU in each process); 'off' renders every request.",
    )
    body_cache_entries: int = Field(
        default=512, ge=1, le=1_000_000, description="Entries of the in-process body cache."
    )
    body_cache_mb: int = Field(
        default=64, ge=1, le=4096, description="Total size of the in-process body cache, in MB."
    )
    body_cache_ttl_s: int = Field(
        default=3600,
        ge=1,
        le=86400,
        description="Seconds a body is kept in Redis (stale ones are never served: their key "
        "holds an old data version; this only bounds the memory they take).",
    )
    orphan_grace_s: float = Field(
        default=600.0,
        ge=0.0,
        description="Age, in seconds, after which a media file that no recording refers to "
        "(or a partial upload) is removed by the start-up sweep; younger ones may still be "
        "in flight in another process.",
    )
    secret_key: str | None = Field(
        default=None,
        description="Key that signs sessions and CSRF tokens; generated once and kept in "
        "<data_dir>/secret_key when unset.",
    )
    secure_cookies: bool = Field(
        default=False, description="Mark cookies Secure (set true behind HTTPS)."
    )
    root_path: str = Field(
        default="",
        pattern=r"^(/[A-Za-z0-9._~-]+)*$",
        description="Sub-path the app is served under behind a reverse proxy, e.g. "
        "/tremorwatch (no trailing slash); links, redirects and cookies carry it.",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Comma-separated addresses of reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto headers are trusted ('*' for any: only on a private network).",
    )
    job_threads: int = Field(
        default=1,
        ge=0,
        le=16,
        description="Embedded job worker threads per web process (embedded queue only; 0 "
        "for none). `tremorwatch serve --job-threads` sets it.",
    )
    emergency_number: str | None = Field(
        default=None,
        description="Emergency telephone number shown to everyone on this instance. Unset: each "
        "family's country decides (from countries.yaml; the browser's region without an account).",
    )
    public_url: str | None = Field(
        default=None,
        pattern=r"^https?://\S+$",
        description="The instance's public address (e.g. https://tremorwatch.example.org), "
        "for links in exports such as each video's URL in a FHIR Bundle; unset, the web app "
        "uses the address it was reached at and the command line writes links relative to "
        "the instance.",
    )
    share_link_days: int = Field(default=7, ge=1, le=90, description="Default share-link lifetime.")
    log_level: str = Field(default="INFO", description="Python logging level name.")

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return upper

    @property
    def resolved_database_url(self) -> str:
        """The database URL, with the SQLite default filled in."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'tremorwatch.db'}"

    @property
    def resolved_media_dir(self) -> Path:
        """The private video folder."""
        return self.media_dir or self.data_dir / "media"


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment plus ``overrides``; a bad value is a ConfigError."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "?"
        raise ConfigError(
            f"Setting TREMORWATCH_{name.upper()} is invalid: {first['msg']}.",
            field=name,
        ) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; tests call ``get_settings.cache_clear()``)."""
    return load_settings()
