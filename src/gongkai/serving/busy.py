"""A request that cannot get the database in time answers 503 「请稍后重试」 with Retry-After, never 500.

"Busy" means: SQLite's lock wait ran out ("database is locked"), the PostgreSQL pool had no connection
free within its timeout, or PostgreSQL refused a new connection (too many clients). The middleware turns
such an exception raised by a view into the 503 page; `server_error` (the project's handler500) does the
same for one raised in a middleware (the session or user lookup), where Django has already caught it.
"""

from __future__ import annotations

import logging
import sys

from django.db import OperationalError
from django.shortcuts import render
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 5
BUSY_MARKERS = (
    "database is locked",
    "database table is locked",
    "couldn't get a connection",  # psycopg_pool.PoolTimeout
    "too many clients",
    "remaining connection slots are reserved",
    "sorry, too many clients",
)
log = logging.getLogger("gongkai.serving")


def is_busy(exc: BaseException | None) -> bool:
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OperationalError) or type(exc).__name__ in ("PoolTimeout", "OperationalError"):
            text = str(exc).lower()
            if any(m in text for m in BUSY_MARKERS):
                return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def busy_response(request):
    resp = render(request, "serving/busy.html", status=503)
    resp["Retry-After"] = str(RETRY_AFTER_SECONDS)
    resp["Cache-Control"] = "no-store"
    return resp


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if is_busy(exc):
            log.warning("database busy, answered 503: %s %s (%s)", request.method, request.path, exc)
            return busy_response(request)
        return None


def server_error(request, *args, **kwargs):
    exc = sys.exc_info()[1]
    if is_busy(exc):
        log.warning("database busy, answered 503: %s %s (%s)", request.method, request.path, exc)
        try:
            return busy_response(request)
        except Exception:  # noqa: BLE001 - the page itself may need what is busy
            from django.http import HttpResponse

            resp = HttpResponse("<!doctype html><meta charset=utf-8><title>请稍后重试</title>"
                                "<h1>请稍后重试</h1><p>访问人数较多，系统正忙。请稍等几秒后刷新本页。</p>",
                                status=503, content_type="text/html; charset=utf-8")
            resp["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return resp
    try:
        from gongkai.portal.errors import server_error_page

        return server_error_page()
    except Exception:  # noqa: BLE001 - the error page must never fail in turn
        return django_server_error(request, *args, **kwargs)
