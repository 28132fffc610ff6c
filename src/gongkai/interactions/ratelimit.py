"""A small fixed-window rate limit for the public forms (per client address, in the cache)."""

from __future__ import annotations

import time

from django.core.cache import cache

# scope: (requests allowed, window in seconds)
LIMITS = {
    "letter": (5, 3600),
    "query": (10, 600),
    "survey": (20, 3600),
}


def allow(request, scope: str) -> bool:
    """Count this request against the scope's limit; False when the client is over it."""
    limit, window = LIMITS[scope]
    ip = request.META.get("REMOTE_ADDR") or "unknown"
    bucket = int(time.time() // window)
    key = f"gk-rl:{scope}:{ip}:{bucket}"
    if cache.add(key, 1, timeout=window + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window + 5)
        return True
    return count <= limit


def message(scope: str) -> str:
    _, window = LIMITS[scope]
    minutes = max(1, window // 60)
    return f"操作过于频繁，请 {minutes} 分钟后再试。"
