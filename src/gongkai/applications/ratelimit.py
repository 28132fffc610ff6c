"""A small fixed-window rate limit on the cache, for the public forms (apply, status lookup)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _key(scope: str, ident: str) -> str:
    return "rl:" + scope + ":" + hashlib.sha256(ident.encode()).hexdigest()[:32]


def hit(scope: str, ident: str, limit: int, window_seconds: int) -> bool:
    """Count one hit; True while the caller is still within `limit` hits per window."""
    key = _key(scope, ident)
    if cache.add(key, 1, window_seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window_seconds)
        count = 1
    return count <= limit


def blocked(scope: str, ident: str, limit: int) -> bool:
    """True when `ident` has already used up `limit` hits (without counting one)."""
    return (cache.get(_key(scope, ident)) or 0) >= limit


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"
