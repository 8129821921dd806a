"""Stream an uploaded file out of a request without holding it in memory.

Accepts ``multipart/form-data`` (the file in the field ``file``; other small text fields are
collected) or a raw body (``Content-Type: video/mp4`` etc. with ``?filename=``). Chunks are
handed on as they arrive, so the file store writes them to disk at once and stops at the size
limit; a ``Content-Length`` already over the limit is refused before reading anything.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from fastapi import Request
from python_multipart.multipart import MultipartParser, parse_options_header

from tremorwatch.errors import InputError
from tremorwatch.storage.files import (
    FileStore,
    StoredFile,
    UnsupportedMediaType,
    UploadTooLarge,
)

#: Allowance for multipart boundaries and headers over the file size, bytes.
MULTIPART_OVERHEAD_BYTES = 64 * 1024
#: Largest accepted non-file form field, bytes.
MAX_FIELD_BYTES = 64 * 1024


@dataclass
class UploadResult:
    stored: StoredFile
    filename: str | None
    fields: dict[str, str] = field(default_factory=dict)


def _check_length(request: Request, files: FileStore) -> None:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > files.max_bytes + MULTIPART_OVERHEAD_BYTES:
        mb = files.max_bytes / (1024 * 1024)
        raise UploadTooLarge(
            f"The file is larger than the limit of {mb:g} MB. Trim the video to the part with "
            "the movements, or record at a lower resolution, and try again.",
            field="file",
        )


class _MultipartFile:
    """Feeds request chunks into a multipart parser and yields the ``file`` part's bytes."""

    def __init__(self, boundary: bytes, field_name: str) -> None:
        self.field_name = field_name
        self.filename: str | None = None
        self.fields: dict[str, str] = {}
        self.found = False
        self._out: list[bytes] = []
        self._header_field = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._part_name: str | None = None
        self._is_file = False
        self._field_buf = bytearray()
        self.parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._part_begin,
                "on_header_field": self._on_header_field,
                "on_header_value": self._on_header_value,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
                "on_part_data": self._part_data,
                "on_part_end": self._part_end,
            },
        )

    def _part_begin(self) -> None:
        self._headers = {}
        self._part_name, self._is_file = None, False
        self._field_buf = bytearray()

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._header_field.lower()] = self._header_value
        self._header_field, self._header_value = b"", b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        self._part_name = name
        if name == self.field_name and not self.found:
            self._is_file = True
            self.found = True
            raw = options.get(b"filename")
            self.filename = raw.decode("utf-8", "replace") if raw is not None else None

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._is_file:
            self._out.append(bytes(data[start:end]))
        elif self._part_name is not None:
            self._field_buf += data[start:end]
            if len(self._field_buf) > MAX_FIELD_BYTES:
                raise InputError(f"The form field {self._part_name!r} is too long.")

    def _part_end(self) -> None:
        if not self._is_file and self._part_name:
            self.fields[self._part_name] = self._field_buf.decode("utf-8", "replace")
        self._is_file = False

    async def chunks(self, request: Request) -> AsyncIterator[bytes]:
        async for chunk in request.stream():
            self.parser.write(chunk)
            if self._out:
                out, self._out = self._out, []
                for piece in out:
                    yield piece
        self.parser.finalize()
        for piece in self._out:
            yield piece
        self._out = []


async def stream_upload(
    request: Request, files: FileStore, *, field_name: str = "file"
) -> UploadResult:
    """Save the request's file into ``files`` while it arrives (see module docstring).

    Raises
    ------
    UploadTooLarge
        Over the size limit (413). Nothing is kept.
    UnsupportedMediaType
        Not a video or sensor CSV (415). Nothing is kept.
    InputError
        A multipart request without a ``file`` field.
    """
    _check_length(request, files)
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type == b"multipart/form-data":
        boundary = options.get(b"boundary")
        if not boundary:
            raise InputError("The multipart request has no boundary.", field="file")
        reader = _MultipartFile(boundary, field_name)
        missing = InputError(
            f"Attach the video in the form field {field_name!r}.", field=field_name
        )
        try:
            stored = await files.save_async_stream(reader.chunks(request))
        except UnsupportedMediaType:
            if not reader.found:
                raise missing from None
            raise
        if not reader.found:
            files.delete(stored.key)
            raise missing
        return UploadResult(stored, reader.filename, reader.fields)
    stored = await files.save_async_stream(request.stream())
    return UploadResult(stored, request.query_params.get("filename"), {})
