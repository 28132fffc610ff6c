"""Rate limits and body size for the open API, through the platform's shared counters
(gongkai.common.ratelimit): reads per client address, writes per token, wrong tokens per client address.
Over the limit: 429 with Retry-After."""

from __future__ import annotations

import functools
import time

from django.conf import settings

from gongkai.api.errors import ApiError
from gongkai.common.ratelimit import blocked, client_ip, hit

WINDOW_SECONDS = 60


def read_limit() -> int:
    return int(getattr(settings, "GONGKAI_API_READ_LIMIT", 120))  # per address per minute


def write_limit() -> int:
    return int(getattr(settings, "GONGKAI_API_WRITE_LIMIT", 60))  # per token per minute


def auth_fail_limit() -> int:
    return int(getattr(settings, "GONGKAI_API_AUTH_FAIL_LIMIT", 20))  # wrong tokens per address per minute


def max_body_bytes() -> int:
    return int(getattr(settings, "GONGKAI_API_MAX_BODY_BYTES", 1024 * 1024))


def _too_many(limit: int) -> ApiError:
    retry = max(1, WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS)
    return ApiError(429, "rate_limited", f"请求过于频繁（每分钟最多 {limit} 次），请 {retry} 秒后再试。",
                    headers={"Retry-After": str(retry)})


def check(scope: str, ident: str, limit: int) -> None:
    if not hit(f"api-{scope}", ident, limit, WINDOW_SECONDS):
        raise _too_many(limit)


def check_auth_failures(request) -> None:
    """Refuse (429) an address that sent too many wrong tokens this window, before looking one up."""
    if blocked("api-authfail", client_ip(request), auth_fail_limit(), WINDOW_SECONDS):
        raise _too_many(auth_fail_limit())


def count_auth_failure(request) -> None:
    hit("api-authfail", client_ip(request), auth_fail_limit(), WINDOW_SECONDS)


def read_limited(view):
    """Count a read endpoint's call against the client address's limit."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        check("read", client_ip(request), read_limit())
        return view(request, *args, **kwargs)

    return wrapped


def check_body_size(request) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise ApiError(400, "bad_request", "请求头 Content-Length 不正确。") from None
    if length > max_body_bytes():
        raise ApiError(413, "too_large", f"请求体过大（{length} 字节），接口最多接受 {max_body_bytes()} 字节。"
                                         "附件请在工作台上传。")
