"""A fixed-window rate limit on the shared cache, for public forms (apply, status lookup, mailbox, audit)."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(scope: str, ident: str, window: int) -> str:
    bucket = int(time.time() // window)
    return f"rl:{scope}:{hashlib.sha256(ident.encode()).hexdigest()[:32]}:{bucket}"


def hit(scope: str, ident: str, limit: int, window_seconds: int) -> bool:
    """Count one hit (atomically on the cache); True while `ident` is within `limit` hits this window."""
    key = _key(scope, ident, window_seconds)
    if cache.add(key, 1, window_seconds + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds + 5)
        count = 1
    return count <= limit


def blocked(scope: str, ident: str, limit: int, window_seconds: int) -> bool:
    """True when `ident` has already used up `limit` hits this window (without counting one)."""
    return (cache.get(_key(scope, ident, window_seconds)) or 0) >= limit


def message(window_seconds: int) -> str:
    return f"操作过于频繁，请 {max(1, window_seconds // 60)} 分钟后再试。"
