"""Issue 15 item 8: a rate limit's check and count are one atomic operation.

Before the fix the limiter did `add` then `incr` on the cache; on the file cache (the one-machine default)
`incr` is a read followed by a write, so concurrent requests all read the same count: 40 concurrent
applications from one address were all accepted against a limit of 10 per hour."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from gongkai.serving import launch

from .helpers import apply_form, count_rows, seed

pytestmark = pytest.mark.django_db


def _concurrent_hits(n: int, limit: int) -> int:
    from gongkai.common import ratelimit

    barrier = threading.Barrier(n)

    def one(_):
        barrier.wait(timeout=30)
        return ratelimit.hit("apply", "203.0.113.7", limit, 3600)

    with ThreadPoolExecutor(n) as pool:
        return sum(pool.map(one, range(n)))


def test_forty_concurrent_hits_on_the_file_cache_let_exactly_ten_through(settings, tmp_path):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                   "LOCATION": str(tmp_path / "cache")}}
    assert _concurrent_hits(40, 10) == 10


def test_forty_concurrent_hits_on_redis_let_exactly_ten_through(settings):
    import uuid

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/0", "KEY_PREFIX": f"gktest-{uuid.uuid4().hex}"}}
    assert _concurrent_hits(40, 10) == 10


def test_forty_concurrent_applications_from_one_address_against_ten_per_hour(prod_server):
    base, env = prod_server(workers=2, threads=8)
    agency = seed(env)
    browsers = [launch.Browser(base) for _ in range(40)]
    forms = [apply_form(b, agency) for b in browsers]
    barrier = threading.Barrier(40)

    def submit(i):
        barrier.wait(timeout=60)
        return browsers[i].post("/apply/", forms[i])

    with ThreadPoolExecutor(40) as pool:
        answers = list(pool.map(submit, range(40)))
    accepted = [a for a in answers if a[0] == 302 and "/apply/done/" in a[1].get("Location", "")]
    refused = [a for a in answers if a[0] == 200 and "提交过于频繁" in a[2]]
    assert len(accepted) == 10, [(a[0], a[2][:200]) for a in answers if a not in accepted and a not in refused][:3]
    assert len(refused) == 30
    assert count_rows(env, "gongkai.applications.models.Application") == 10
