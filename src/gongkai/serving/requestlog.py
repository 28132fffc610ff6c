"""Request logs: with GONGKAI_LOG_FORMAT=json, one JSON line per request on the `gongkai.requests` logger
(time, method, path, status, duration, client address, user id, bytes). No query strings (they may hold
personal data) and no bodies."""

from __future__ import annotations

import json
import logging
import time

from django.conf import settings

log = logging.getLogger("gongkai.requests")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = settings.GONGKAI_LOG_FORMAT == "json"

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        log.info(json.dumps({
            "ts": round(time.time(), 3),
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            "ip": request.META.get("REMOTE_ADDR"),
            "user": user.pk if user is not None and user.is_authenticated else None,
            "bytes": None if response.streaming else len(response.content),
        }, ensure_ascii=False))
        return response
