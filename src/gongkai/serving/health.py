"""/healthz for monitoring (database, Redis, job queue lag) and /_hello, the load benchmark's baseline."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

HEARTBEAT_KEY = "jobs:heartbeat"
LAG_WARN_SECONDS = 180  # the worker beats every minute


def _timed(fn) -> dict:
    started = time.perf_counter()
    try:
        extra = fn() or {}
    except Exception as exc:  # noqa: BLE001 - a health check reports, it does not raise
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1), **extra}


def _database():
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
        cur.fetchone()
    return {"vendor": connection.vendor}


def _redis():
    if not settings.REDIS_URL:
        return None
    from gongkai.serving.counters import counters

    store = counters()
    store.client.ping()
    return {}


def _jobs():
    from django.core.cache import cache
    from huey.contrib.djhuey import HUEY

    beat = cache.get(HEARTBEAT_KEY)
    lag = None if beat is None else round(time.time() - float(beat), 1)
    out = {"pending": HUEY.pending_count(), "scheduled": HUEY.scheduled_count(), "lag_seconds": lag}
    if lag is None or lag > LAG_WARN_SECONDS:
        raise RuntimeError(f"后台任务进程没有心跳（最近一次：{lag if lag is not None else '从未'} 秒前），"
                           f"待处理 {out['pending']} 项；请检查 gongkai worker")
    return out


@never_cache
def healthz(request):
    checks = {"database": _timed(_database), "jobs": _timed(_jobs)}
    if settings.REDIS_URL:
        checks["redis"] = _timed(_redis)
    ok = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if ok else "fail", **checks}, status=200 if ok else 503,
                        json_dumps_params={"ensure_ascii": False})


def hello(request):
    if not settings.GONGKAI_BENCH_HELLO:
        raise Http404()
    return HttpResponse("hello, world", content_type="text/plain")
