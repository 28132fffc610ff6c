"""Issue 14 item 2: 300 concurrent keep-alive clients against one production server on PostgreSQL never
make it hold more database connections than its pools allow, and every request is answered — 200, or a
503 「请稍后重试」 when no connection was free in time — never a connection error."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from gongkai.serving import launch, loadgen

pytestmark = pytest.mark.deploy

WORKERS, THREADS, POOL_MAX = 4, 4, 4
CLIENTS, REQUESTS_EACH = 300, 2


def test_three_hundred_keepalive_clients_stay_within_the_pool(cluster, tmp_path):
    import psycopg

    port = launch.free_port()
    shared = {k: v for k, v in cluster.env.items() if k.startswith("GONGKAI_") and k not in (
        "GONGKAI_VAR", "GONGKAI_SSL_REDIRECT", "GONGKAI_SECURE_COOKIES", "GONGKAI_HSTS_SECONDS")}
    shared.update(DATABASE_URL=cluster.env["DATABASE_URL"] + "?application_name=gk_flood",
                  GONGKAI_DB_POOL_MAX=str(POOL_MAX), GONGKAI_DB_POOL_TIMEOUT="3", GONGKAI_PAGE_CACHE_SECONDS="0")
    env = launch.production_env(tmp_path, **shared)
    server = launch.serve(env, port, tmp_path / "flood.log", workers=WORKERS, threads=THREADS)
    peak, stop = {"n": 0, "samples": 0}, threading.Event()

    def sample():
        with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={cluster.db}", autocommit=True) as conn:
            while not stop.is_set():
                n = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'gk_flood'"
                                 ).fetchone()[0]
                peak["n"], peak["samples"] = max(peak["n"], n), peak["samples"] + 1
                time.sleep(0.05)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    pages = ["/open/", "/mailbox/qa/", "/annual-reports/"]

    async def scenario(client, n):
        await client.request("GET", pages[n % len(pages)])

    try:
        started = time.monotonic()
        stats = asyncio.run(loadgen.run("127.0.0.1", port, CLIENTS, scenario, total=CLIENTS * REQUESTS_EACH,
                                        seconds=150, timeout=60))
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        watcher.join(timeout=10)
        server.stop()
    answered = sum(stats.statuses.values())
    print(f"\nflood: {CLIENTS} keep-alive clients, {answered} answers in {elapsed:.1f} s, statuses {stats.statuses},"
          f" connection errors {len(stats.errors)}, reconnects {stats.retries},"
          f" peak PostgreSQL connections {peak['n']} (pool max {WORKERS} × {POOL_MAX} = {WORKERS * POOL_MAX},"
          f" {peak['samples']} samples), p50 {stats.pct(50):.0f} ms, p99 {stats.pct(99):.0f} ms")
    assert not stats.errors, stats.errors[:5]
    assert answered == CLIENTS * REQUESTS_EACH
    assert set(stats.statuses) <= {200, 503}, stats.statuses
    assert 0 < peak["n"] <= WORKERS * POOL_MAX
