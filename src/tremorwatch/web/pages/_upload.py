"""Stream a multipart form with one video straight into the private file store.

Starlette's ``request.form()`` would first spool the whole video to a temporary file; here the
body is parsed as it arrives (python-multipart's push parser): the text fields are kept (small,
bounded), and the bytes of the one file field go chunk by chunk into
:meth:`tremorwatch.storage.files.FileStore.save_async_stream`, which counts the size limit and
checks the magic bytes while writing. Memory stays flat whatever the video's size.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from fastapi import Request
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.datastructures import FormData, UploadFile

from tremorwatch.errors import InputError
from tremorwatch.storage.files import FileStore, StoredFile

#: Largest text field accepted, bytes.
MAX_FIELD_BYTES = 64 * 1024
#: Most form fields accepted.
MAX_FIELDS = 500


@dataclass
class StreamedForm:
    """The text fields of the form, and the stored file (``None`` when none was chosen)."""

    fields: list[tuple[str, str]] = field(default_factory=list)
    stored: StoredFile | None = None
    filename: str | None = None
    #: Why the file was refused (too large, not a video); the text fields sent before it are kept.
    file_error: InputError | None = None

    def form_data(self) -> FormData:
        items: list[tuple[str, str | UploadFile]] = list(self.fields)
        return FormData(items)


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    is_file: bool = False
    data: bytearray = field(default_factory=bytearray)


class _Collector:
    """Parser callbacks: text parts are collected, file bytes queued for the store."""

    def __init__(self, file_field: str) -> None:
        self.file_field = file_field
        self.form = StreamedForm()
        self.part = _Part()
        self.header_field = bytearray()
        self.header_value = bytearray()
        self.headers: dict[bytes, bytes] = {}
        self.file_chunks: list[bytes] = []

    def on_part_begin(self) -> None:
        self.part = _Part()
        self.headers = {}

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[bytes(self.header_field).lower()] = bytes(self.header_value)
        self.header_field.clear()
        self.header_value.clear()

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        raw_filename = options.get(b"filename")
        self.part.name = name
        if raw_filename is not None:
            self.part.filename = raw_filename.decode("utf-8", "replace")
            self.part.is_file = name == self.file_field and bool(self.part.filename)
            if self.part.is_file:
                self.form.filename = self.part.filename

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.part.is_file:
            self.file_chunks.append(bytes(data[start:end]))
            return
        if self.part.filename is not None:
            return  # an empty file input, or a file field we do not take
        self.part.data += data[start:end]
        if len(self.part.data) > MAX_FIELD_BYTES:
            raise InputError(
                f"The form field {self.part.name!r} is too long.", field=self.part.name
            )

    def on_part_end(self) -> None:
        if self.part.filename is None:
            if len(self.form.fields) >= MAX_FIELDS:
                raise InputError("The form has too many fields.")
            self.form.fields.append((self.part.name, self.part.data.decode("utf-8", "replace")))


async def read_upload_form(
    request: Request, files: FileStore, *, file_field: str = "video"
) -> StreamedForm:
    """Parse a ``multipart/form-data`` request, storing ``file_field`` as it streams in.

    A file the store refuses (too large: ``too_large``; not a video or CSV:
    ``unsupported_media_type``) is reported in :attr:`StreamedForm.file_error`, with the text
    fields sent before it kept (the file input is the last field of the forms).

    Raises
    ------
    InputError
        Not a multipart form, or a malformed one.
    """
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise InputError("This form must be sent as multipart/form-data with the video.")
    collector = _Collector(file_field)
    callbacks = {
        name: getattr(collector, name)
        for name in (
            "on_part_begin",
            "on_part_data",
            "on_part_end",
            "on_header_field",
            "on_header_value",
            "on_header_end",
            "on_headers_finished",
        )
    }
    parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]

    async def file_bytes() -> AsyncIterator[bytes]:
        try:
            async for chunk in request.stream():
                parser.write(chunk)
                while collector.file_chunks:
                    yield collector.file_chunks.pop(0)
            parser.finalize()
        except MultipartParseError:
            raise InputError("The form could not be read; please send it again.") from None
        while collector.file_chunks:
            yield collector.file_chunks.pop(0)

    stream = file_bytes()
    first = await anext(stream, None)
    while first == b"":
        first = await anext(stream, None)
    if first is not None:
        head = first

        async def whole_file() -> AsyncIterator[bytes]:
            yield head
            async for chunk in stream:
                yield chunk

        try:
            collector.form.stored = await files.save_async_stream(whole_file())
        except InputError as exc:  # too large or not a video: keep the answers sent before it
            collector.form.file_error = exc
    return collector.form
