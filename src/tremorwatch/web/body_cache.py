"""A server-side cache of rendered diary bodies (the diary page's HTML, the diary API's JSON).

A diary body is a pure function of what :func:`tremorwatch.web.http_cache.diary_etag` hashes:
the family and its data version (``families.data_version``, read from the database by the
sign-in lookup of the same request), who asks (user, role, how signed in, language, place,
the session's CSRF digest on a page), the path and query, today's date in the family's zone
and the app's version. So the validator itself is the cache key, and the cache needs no
invalidation: a write raises the version, the next request computes another key, and the
old entry is never asked for again (it ages out of the LRU or its Redis TTL).

What keeps one family's or one role's body from another: the key is computed only after the
sign-in lookup succeeded for this request (a revoked token or removed member is refused
before the cache is consulted), and the family, user and role are inside the key.

Shared across processes through Redis when ``queue=redis`` (keys under
``<queue_name>:body:``), else a bounded in-process LRU; ``body_cache=off`` turns it off. A
Redis error is a cache miss (logged), never a failed request.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Any, Protocol

from tremorwatch.config import Settings

logger = logging.getLogger(__name__)

#: Bodies larger than this are not cached (a long ``limit=1000`` API page, say).
MAX_BODY_BYTES = 2 * 1024 * 1024


class BodyCache(Protocol):
    """Get and put a body under a key (the diary validator)."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, body: bytes) -> None: ...


class MemoryBodyCache:
    """A thread-safe LRU bounded by the number of entries and by their total size."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
            return body

    def put(self, key: str, body: bytes) -> None:
        if len(body) > min(MAX_BODY_BYTES, self.max_bytes):
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= len(old)
            self._entries[key] = body
            self._size += len(body)
            while len(self._entries) > self.max_entries or self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped)

    def __len__(self) -> int:
        return len(self._entries)


class RedisBodyCache:
    """Bodies in Redis under ``prefix``, each kept ``ttl_s`` seconds at most."""

    def __init__(self, url: str, prefix: str, ttl_s: int) -> None:
        import redis

        # short timeouts: a slow Redis must cost a cache miss, not a slow page
        self._redis: Any = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.prefix = prefix
        self.ttl_s = ttl_s

    def get(self, key: str) -> bytes | None:
        try:
            value = self._redis.get(self.prefix + key)
        except Exception as exc:  # noqa: BLE001 - any Redis failure is a miss
            logger.warning("body cache: Redis get failed (%s); rendering afresh", exc)
            return None
        return value if isinstance(value, bytes) else None

    def put(self, key: str, body: bytes) -> None:
        if len(body) > MAX_BODY_BYTES:
            return
        try:
            self._redis.set(self.prefix + key, body, ex=self.ttl_s)
        except Exception as exc:  # noqa: BLE001 - any Redis failure is a miss
            logger.warning("body cache: Redis set failed (%s)", exc)


def build_body_cache(settings: Settings) -> BodyCache | None:
    """The cache these settings ask for, or ``None`` when it is off."""
    mode = settings.body_cache
    if mode == "off":
        return None
    if mode == "redis" or (mode == "auto" and settings.queue == "redis"):
        return RedisBodyCache(
            settings.redis_url, f"{settings.queue_name}:body:", settings.body_cache_ttl_s
        )
    return MemoryBodyCache(settings.body_cache_entries, settings.body_cache_mb * 1024 * 1024)


def body_cache_of(app: Any) -> BodyCache | None:
    """The app's body cache (``None`` when off or when the app was built without one)."""
    cache = getattr(app.state, "body_cache", None)
    return cache if cache is not None and hasattr(cache, "get") else None
