"""The private file store: streamed writes, magic-byte types, size limit, no leftovers."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tremorwatch.errors import StorageError
from tremorwatch.storage.files import (
    FileStore,
    UnsupportedMediaType,
    UploadTooLarge,
    sniff_content_type,
)

MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
MOV_HEAD = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  "
WEBM_HEAD = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01"
CSV_TEXT = b"time_s,ax,ay,az\n0.00,0.1,0.2,9.8\n0.01,0.1,0.2,9.8\n"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (MP4_HEAD, ("video/mp4", "video")),
        (MOV_HEAD, ("video/quicktime", "video")),
        (WEBM_HEAD, ("video/webm", "video")),
        (CSV_TEXT, ("text/csv", "accelerometer")),
        (b"\xef\xbb\xbf" + CSV_TEXT, ("text/csv", "accelerometer")),
        (b"\x89PNG\r\n\x1a\n\x00\x00", None),
        (b"%PDF-1.7\n", None),
        (b"just some words\nno commas\n", None),
        (b"MZ\x90\x00\x03\x00,\x00\n", None),
        (b"", None),
    ],
)
def test_sniffing_by_magic_bytes(head: bytes, expected: tuple[str, str] | None) -> None:
    assert sniff_content_type(head) == expected


def _chunks(data: bytes, size: int = 1000) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def test_save_stream_writes_private_file_with_sha256(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "media", max_bytes=1_000_000)
    data = MP4_HEAD + bytes(range(256)) * 100
    stored = store.save_stream(_chunks(data))
    assert stored.content_type == "video/mp4"
    assert stored.kind == "video"
    assert stored.size_bytes == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    path = store.path(stored.key)
    assert path.read_bytes() == data
    assert (path.stat().st_mode & 0o777) == 0o600
    assert b"".join(store.open_chunks(stored.key, chunk_bytes=777)) == data
    store.delete(stored.key)
    assert not path.exists()


def test_too_large_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "media", max_bytes=5000)
    with pytest.raises(UploadTooLarge, match="larger than the limit") as info:
        store.save_stream(_chunks(MP4_HEAD + b"x" * 6000))
    assert info.value.code == "too_large"
    assert [p for p in (tmp_path / "media").rglob("*") if p.is_file()] == []


def test_wrong_type_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "media", max_bytes=5000)
    with pytest.raises(UnsupportedMediaType, match="MP4, MOV or WebM") as info:
        store.save_stream([b"\x89PNG\r\n\x1a\n", b"\x00" * 100])
    assert info.value.code == "unsupported_media_type"
    assert [p for p in (tmp_path / "media").rglob("*") if p.is_file()] == []


def test_a_source_failing_midway_leaves_nothing(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "media", max_bytes=1_000_000)

    def broken() -> object:
        yield MP4_HEAD
        raise ConnectionResetError("client went away")

    with pytest.raises(ConnectionResetError):
        store.save_stream(broken())  # type: ignore[arg-type]
    assert [p for p in (tmp_path / "media").rglob("*") if p.is_file()] == []


def test_keys_cannot_escape_the_media_folder(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "media", max_bytes=10)
    with pytest.raises(StorageError, match="outside"):
        store.path("../secret_key")
