"""Fixed-window rate limits for public forms (apply, status lookup, mailbox, audit) and logins.

Counting and checking are one atomic operation (`gongkai.serving.counters`: one Redis INCR when scaled
out, one SQLite transaction on one machine), so N concurrent requests against a limit of L let exactly L
through, on every worker and every app server.
"""

from __future__ import annotations

import hashlib
import time

from gongkai.serving.counters import counters


def client_ip(request) -> str:
    """The client's address (REMOTE_ADDR, already resolved through trusted proxies by the middleware)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(scope: str, ident: str, window: int) -> str:
    bucket = int(time.time() // window)
    return f"rl:{scope}:{hashlib.sha256(ident.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}:{bucket}"


def hit(scope: str, ident: str, limit: int, window_seconds: int) -> bool:
    """Count one hit and say whether it is within `limit` for this window — in one atomic step."""
    return counters().incr(_key(scope, ident, window_seconds), window_seconds + 5) <= limit


def blocked(scope: str, ident: str, limit: int, window_seconds: int) -> bool:
    """True when `ident` has already used up `limit` hits this window (without counting one)."""
    return counters().get(_key(scope, ident, window_seconds)) >= limit


def message(window_seconds: int) -> str:
    return f"操作过于频繁，请 {max(1, window_seconds // 60)} 分钟后再试。"
