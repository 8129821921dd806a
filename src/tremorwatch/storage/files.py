"""The private file store for uploaded videos and sensor files.

Files live under ``settings.resolved_media_dir`` (never under ``/static``); they are served
only by the recordings service after an access check. An upload is streamed chunk by chunk to
a temporary file in the same folder while its size is counted and its sha256 computed; the
first bytes decide the content type (magic bytes, never the client's claim). On any failure
(too large, wrong type, disconnect) the temporary file is removed, so nothing half-written is
left behind; on success it is renamed into place atomically, before the recording row is
committed (so a row never points at a missing or partial file).

A process killed with ``kill -9`` runs no clean-up: it can leave a ``.upload-*.part`` file (killed
while streaming) or a renamed file that no row refers to (killed between the rename and the
commit). Neither is ever visible (files are only served through a row); :meth:`FileStore.entries`
lists them for the start-up sweep
(:func:`tremorwatch.services.recordings.sweep_orphan_files`).

Accepted content:

========================  =======================================  ==============
kind                      magic                                    content type
========================  =======================================  ==============
MP4 / MOV (QuickTime)     ``ftyp`` box at offset 4                 video/mp4, video/quicktime
WebM / Matroska           EBML header ``1A 45 DF A3``              video/webm
accelerometer CSV         UTF-8 text, first line a CSV header      text/csv
========================  =======================================  ==============
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import AsyncIterable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tremorwatch.errors import InputError, StorageError

#: Bytes read from the start of a file to decide its type.
SNIFF_BYTES = 4096
#: Chunk size for streaming reads, bytes.
CHUNK_BYTES = 1024 * 1024

#: ftyp brands of QuickTime movies (everything else with an ftyp box is treated as MP4).
_QUICKTIME_BRANDS = {b"qt  "}
_CSV_HEADER = re.compile(rb"^[\w .()/\-\"']+(,[\w .()/\-\"']+)+\r?\n")


@dataclass(frozen=True)
class StoredFile:
    """A file saved in the store."""

    key: str
    size_bytes: int
    sha256: str
    content_type: str
    kind: str  # "video" or "accelerometer"


class UploadTooLarge(InputError):
    """The upload exceeded the size limit (HTTP 413)."""

    code = "too_large"


class UnsupportedMediaType(InputError):
    """The upload is not a video or sensor file tremorwatch can read (HTTP 415)."""

    code = "unsupported_media_type"


def sniff_content_type(head: bytes) -> tuple[str, str] | None:
    """``(content_type, kind)`` decided from the first bytes of a file, or ``None``."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        return ("video/quicktime" if brand in _QUICKTIME_BRANDS else "video/mp4"), "video"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm", "video"
    text = head.removeprefix(b"\xef\xbb\xbf")
    if text and b"\x00" not in text and _CSV_HEADER.match(text):
        try:
            # a multi-byte character may be cut at the end of the sniffed block
            text[: text.rfind(b"\n") + 1].decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text/csv", "accelerometer"
    return None


class FileStore:
    """Private files under ``root``, addressed by an opaque key (``ab/<random>.<ext>``)."""

    def __init__(self, root: Path, *, max_bytes: int) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes

    def path(self, key: str) -> Path:
        """The absolute path of a stored file (the key is checked to stay inside root)."""
        candidate = (self.root / key).resolve()
        if self.root.resolve() not in candidate.parents:
            raise StorageError(f"Stored file key {key!r} points outside the media folder.")
        return candidate

    def _new_key(self, content_type: str) -> str:
        token = secrets.token_urlsafe(18)
        ext = {
            "video/mp4": "mp4",
            "video/quicktime": "mov",
            "video/webm": "webm",
            "text/csv": "csv",
        }[content_type]
        return f"{token[:2].lower()}/{token}.{ext}"

    def _limit_error(self) -> UploadTooLarge:
        mb = self.max_bytes / (1024 * 1024)
        return UploadTooLarge(
            f"The file is larger than the limit of {mb:g} MB. Trim the video to the part with "
            "the movements, or record at a lower resolution, and try again.",
            field="file",
        )

    def _start(self) -> tuple[Path, int]:
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)
        tmp = self.root / f".upload-{secrets.token_hex(8)}.part"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        return tmp, fd

    def _finish(self, tmp: Path, head: bytes, size: int, digest: str) -> StoredFile:
        sniffed = sniff_content_type(head)
        if sniffed is None:
            raise UnsupportedMediaType(
                "This file is not a video or sensor file tremorwatch can read. Upload a phone "
                "video (MP4, MOV or WebM) or an accelerometer CSV with a header row.",
                field="file",
            )
        if size == 0:
            raise UnsupportedMediaType("The file is empty.", field="file")
        content_type, kind = sniffed
        key = self._new_key(content_type)
        final = self.root / key
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
        return StoredFile(key, size, digest, content_type, kind)

    def save_stream(self, chunks: Iterable[bytes]) -> StoredFile:
        """Stream ``chunks`` into the store; see the module docstring for the checks."""
        tmp, fd = self._start()
        try:
            hasher, head, size = hashlib.sha256(), b"", 0
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise self._limit_error()
                    if len(head) < SNIFF_BYTES:
                        head += chunk[: SNIFF_BYTES - len(head)]
                    hasher.update(chunk)
                    out.write(chunk)
            return self._finish(tmp, head, size, hasher.hexdigest())
        finally:
            tmp.unlink(missing_ok=True)

    async def save_async_stream(self, chunks: AsyncIterable[bytes]) -> StoredFile:
        """Like :meth:`save_stream` for an async source (a request body)."""
        tmp, fd = self._start()
        try:
            hasher, head, size = hashlib.sha256(), b"", 0
            with os.fdopen(fd, "wb") as out:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise self._limit_error()
                    if len(head) < SNIFF_BYTES:
                        head += chunk[: SNIFF_BYTES - len(head)]
                    hasher.update(chunk)
                    out.write(chunk)
            return self._finish(tmp, head, size, hasher.hexdigest())
        finally:
            tmp.unlink(missing_ok=True)

    def entries(self) -> Iterator[tuple[str, float, bool]]:
        """Every file in the store: ``(key, modified_at_epoch_s, is_partial_upload)``.

        A partial upload's key is its temporary name (not a stored file's key).
        """
        if not self.root.is_dir():
            return
        for path in self.root.rglob("*"):
            try:
                if not path.is_file() or path.is_symlink():
                    continue
                mtime = path.stat().st_mtime
            except FileNotFoundError:  # removed meanwhile by another process
                continue
            key = path.relative_to(self.root).as_posix()
            partial = path.name.startswith(".upload-") and path.name.endswith(".part")
            yield key, mtime, partial

    def open_chunks(self, key: str, *, chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
        """The stored file's bytes, chunk by chunk."""
        path = self.path(key)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise StorageError("The stored file is missing from the media folder.") from None
        with handle:
            while chunk := handle.read(chunk_bytes):
                yield chunk

    def delete(self, key: str) -> None:
        """Remove a stored file (missing files are fine)."""
        self.path(key).unlink(missing_ok=True)
