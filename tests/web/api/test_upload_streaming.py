"""A large upload goes to disk as it arrives: Python memory stays small whatever the size.

Drives the real multipart reader (``web/api/uploads.py``) and file store with a real Starlette
``Request`` whose body arrives in 64 KB messages, as from uvicorn, and measures the peak of
Python allocations with ``tracemalloc``. The 200 MB end-to-end measurement against
``tremorwatch serve`` (server RSS) is in ``benchmarks/web_load.py``.
"""

from __future__ import annotations

import asyncio
import hashlib
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from starlette.requests import Request

from tremorwatch.storage.files import FileStore
from tremorwatch.web.api.uploads import stream_upload

MB = 1024 * 1024
BOUNDARY = b"tremorwatch-test-boundary"
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


def _request(file_bytes_mb: int) -> tuple[Request, Any]:
    block = bytes(range(256)) * 256  # 64 KB
    digest = hashlib.sha256()
    head = (
        b"--" + BOUNDARY + b"\r\n"
        b'Content-Disposition: form-data; name="note"\r\n\r\nleft leg\r\n'
        b"--" + BOUNDARY + b"\r\n"
        b'Content-Disposition: form-data; name="file"; filename="big.mp4"\r\n'
        b"Content-Type: video/mp4\r\n\r\n"
    )
    tail = b"\r\n--" + BOUNDARY + b"--\r\n"
    n_blocks = file_bytes_mb * 16

    def messages() -> Any:
        yield head + MP4_HEAD
        digest.update(MP4_HEAD)
        for _ in range(n_blocks):
            digest.update(block)
            yield block
        yield tail

    source = messages()

    async def receive() -> dict[str, Any]:
        chunk = next(source, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.request", "body": chunk, "more_body": True}

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/upload",
        "headers": [(b"content-type", b"multipart/form-data; boundary=" + BOUNDARY)],
        "query_string": b"",
    }
    return Request(scope, receive), digest


def test_multipart_upload_memory_stays_flat(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "media", max_bytes=100 * MB)
    request, digest = _request(40)
    tracemalloc.start()
    try:
        # a fresh event loop in its own thread: other tests (the browser's sync API) may keep
        # a loop running in this one
        with ThreadPoolExecutor(max_workers=1) as pool:
            result = pool.submit(lambda: asyncio.run(stream_upload(request, store))).result()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.filename == "big.mp4"
    assert result.fields == {"note": "left leg"}
    assert result.stored.size_bytes == len(MP4_HEAD) + 40 * MB
    assert result.stored.sha256 == digest.hexdigest()
    assert store.path(result.stored.key).stat().st_size == result.stored.size_bytes
    assert peak < 4 * MB, f"peak Python memory {peak / MB:.1f} MB for a 40 MB upload"
