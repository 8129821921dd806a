"""The one exception tree of tremorwatch.

Every error a user can cause is a :class:`TremorwatchError`; third-party errors are wrapped at
the boundary (file readers, database, decoders) so the CLI and the web layer only ever see this
tree. Each class carries a stable machine-readable ``code`` and, where it applies, the ``field``
that was wrong::

    TremorwatchError                 code "error"
    ├── InputError                   code "invalid_input"      bad data from a person or file
    │   └── NotFound                 code "not_found"          no such thing (or not yours)
    ├── RecordingError               code "bad_recording"      a video/CSV that cannot be analysed
    ├── RuleSetError                 code "ruleset_invalid"    a triage rule or knowledge file is broken
    ├── ConfigError                  code "config_invalid"     a setting has a wrong value
    ├── StorageError                 code "storage_error"      the database or file store failed
    ├── JobError                     code "job_error"          a background job could not run
    ├── AccessDenied                 code "access_denied"      not signed in, or not allowed
    │   └── RateLimited              code "rate_limited"       too many attempts, try later
    └── Conflict                     code "conflict"           the change clashes with stored data

The web layer maps the tree to HTTP status codes in one place (``web``), and the CLI prints
``message`` (never a traceback) and exits with :attr:`TremorwatchError.exit_code`.
"""

from __future__ import annotations


class TremorwatchError(Exception):
    """Base of every error tremorwatch raises on purpose.

    Parameters
    ----------
    message
        A sentence for a person: what was wrong and how to fix it.
    field
        Dotted path of the offending input field (``"infant.age_days"``), if any.
    code
        Stable machine-readable code; defaults to the class's ``code``.
    """

    code = "error"
    exit_code = 1

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def to_dict(self) -> dict[str, str | None]:
        """The error as the JSON error body ``{"code", "message", "field"}``."""
        return {"code": self.code, "message": self.message, "field": self.field}


class InputError(TremorwatchError):
    """Input from a person, a file or a request is invalid."""

    code = "invalid_input"
    exit_code = 2


class NotFound(InputError):
    """The named object does not exist, or belongs to someone else (never say which)."""

    code = "not_found"


class RecordingError(TremorwatchError):
    """A video or sensor recording cannot be read or analysed."""

    code = "bad_recording"
    exit_code = 3


class RuleSetError(TremorwatchError):
    """A triage rule file or knowledge file is malformed or inconsistent."""

    code = "ruleset_invalid"
    exit_code = 4


class ConfigError(TremorwatchError):
    """A setting (environment variable) has a value that cannot be used."""

    code = "config_invalid"
    exit_code = 5


class StorageError(TremorwatchError):
    """The database or the file store failed."""

    code = "storage_error"
    exit_code = 6


#: Code of a :class:`StorageError` raised because the database cannot be reached (connecting
#: failed, or the connection was lost mid-request). The web layer shows a plain message for it
#: and keeps the server's address and the driver's words in the log.
DATABASE_UNAVAILABLE = "database_unavailable"


class JobError(TremorwatchError):
    """A background job could not be queued or run."""

    code = "job_error"
    exit_code = 7


class AccessDenied(TremorwatchError):
    """The caller is not signed in or not allowed to do this."""

    code = "access_denied"
    exit_code = 8


class RateLimited(AccessDenied):
    """Too many attempts in a short time."""

    code = "rate_limited"


class Conflict(TremorwatchError):
    """The requested change clashes with stored data (a duplicate e-mail, say)."""

    code = "conflict"
    exit_code = 9
