"""The mailbox's public-form limits, on the shared rate limiter (gongkai.common.ratelimit)."""

from __future__ import annotations

from gongkai.common import ratelimit

# scope: (requests allowed, window in seconds)
LIMITS = {
    "letter": (5, 3600),
    "query": (10, 600),
    "survey": (20, 3600),
}


def allow(request, scope: str) -> bool:
    """Count this request against the scope's limit; False when the client is over it."""
    limit, window = LIMITS[scope]
    return ratelimit.hit(f"mailbox-{scope}", ratelimit.client_ip(request), limit, window)


def message(scope: str) -> str:
    return ratelimit.message(LIMITS[scope][1])
