"""Load benchmark (not a test): the production server on this machine, in one run.

Run:  .venv/bin/python bench/load_bench.py [--clients 50] [--db-mode pool|persistent] [--quick] [--redis URL]

Sets up a throw-away PostgreSQL database (127.0.0.1:5432, loaded with `gongkai demo`) and a Redis key
prefix, starts `gongkai serve --production --workers 4 --threads 4` on a loopback port, and drives it with
an asyncio keep-alive client (gongkai.serving.loadgen) at 50 concurrent clients:
  (a) a hello-world Django view on the same server (/_hello, through the whole middleware stack),
  (b) portal home, a catalogue list, an item page, a search, the application form (each client keeping its
      cookies, as someone reloading it), and the application form's first visits (a new visitor on a new
      connection each time: the session its submission needs is created then),
  (c) application submissions (form + POST, each from another loopback address, as citizens would).
Prints requests/s, p50/p95/p99, errors, each page's ratio to hello-world, the peak number of PostgreSQL
connections, and each worker's memory before and after the 21,400 requests. Checks that every accepted
submission (302) is in the database (0 lost).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from gongkai.serving import launch, loadgen  # noqa: E402

PG = "postgres://postgres@127.0.0.1:5432"
PERSON = {
    "applicant_type": "natural_person", "applicant_name": "张三", "id_type": "id_card",
    "id_number": "510502199001191234", "phone": "13800001234", "email": "zhangsan@example.com",
    "address": "四川省泸州市江阳区某路1号", "info_name": "2025年统计公报", "info_description": "2025年全市统计公报全文",
    "provision_form": "electronic", "delivery_method": "email", "confirm": "on",
}


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-qAtc", sql], check=True,
                          capture_output=True, text=True, timeout=120).stdout.strip()


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def workers_of(master: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{master}/task").iterdir():
        kids += [int(p) for p in (task / "children").read_text().split()]
    return sorted(kids)


class PeakConnections(threading.Thread):
    def __init__(self, db: str):
        super().__init__(daemon=True)
        self.db, self.peak, self.stop = db, 0, threading.Event()

    def run(self):
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={self.db}", autocommit=True) as conn:
            while not self.stop.is_set():
                n = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'gk_bench'"
                                 ).fetchone()[0]
                self.peak = max(self.peak, n)
                time.sleep(0.05)


def submitter(agency: str, accepted: dict, base_ip: int = 1):
    """A citizen each time, from their own loopback address: the form, then the POST."""
    async def submit(client, n):
        await client.new_visitor(f"127.{base_ip + n // 62500 % 50}.{n // 250 % 250}.{1 + n % 250}")
        form = await client.request("GET", "/apply/", record=False)
        if form is None or form.status != 200:
            client.stats.errors.append(f"form: {form.status if form else 'no answer'}")
            return
        html = form.body.decode("utf-8", "replace")
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
        answer = await client.request("POST", "/apply/", form={**PERSON, **fields, "agency": agency})
        if answer is not None and answer.status == 302:
            accepted["n"] += 1

    return submit


def phase(port: int, clients: int, total: int, scenario, seconds: float = 900) -> tuple[loadgen.Stats, float]:
    started = time.perf_counter()
    stats = asyncio.run(loadgen.run("127.0.0.1", port, clients, scenario, total=total, seconds=seconds,
                                    timeout=120))
    return stats, time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--db-mode", choices=("pool", "persistent"), default="pool")
    ap.add_argument("--quick", action="store_true", help="a tenth of the requests (a smoke run)")
    ap.add_argument("--redis", default=os.environ.get("GONGKAI_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
                    help="the Redis database to use (its keys get a throw-away prefix, removed afterwards)")
    args = ap.parse_args()
    scale = 0.1 if args.quick else 1.0
    n_hello, n_page, n_submit = int(4000 * scale), int(2800 * scale), int(1000 * scale)  # 4000 + 5.5×2800 + 2×1000

    db = f"gk_bench_{uuid.uuid4().hex[:8]}"
    prefix = f"gkbench-{uuid.uuid4().hex[:8]}"
    var = Path(tempfile.mkdtemp(prefix="gk-bench-"))
    psql(f"CREATE DATABASE {db} ENCODING 'UTF8' TEMPLATE template0")
    env = launch.production_env(
        var, DATABASE_URL=f"{PG}/{db}?application_name=gk_bench", GONGKAI_REDIS_URL=args.redis,
        GONGKAI_REDIS_PREFIX=prefix, GONGKAI_BENCH_HELLO="1", GONGKAI_DB_POOL="1" if args.db_mode == "pool" else "0",
        GONGKAI_DB_POOL_MAX="4", GONGKAI_STATIC_ROOT=launch.collected_static())
    server = None
    try:
        print(f"setting up: migrate + demo data in {db} …", flush=True)
        launch.gongkai(["migrate", "--noinput", "-v", "0"], env, timeout=900)
        launch.gongkai(["demo"], env, timeout=900)
        found = launch.shell(env, (
            "from gongkai.disclosures.models import DisclosureItem as I\n"
            "i = I.objects.public().select_related('agency').order_by('-published_on').first()\n"
            "from gongkai.agencies.models import Agency\n"
            "a = Agency.objects.filter(may_receive_applications=True).order_by('pk').first()\n"
            "print(i.agency.slug, i.pk, a.pk)\n")).split()
        slug, item, agency = found[-3], found[-2], found[-1]
        pages = {
            "portal home": "/",
            "catalogue list": f"/open/{slug}/items/",
            "item page": f"/open/{slug}/items/{item}/",
            "search": "/open/search/?q=%E7%BB%9F%E8%AE%A1",  # 统计
            "application form": "/apply/",
        }
        port = launch.free_port()
        server = launch.serve(env, port, var / "server.log", workers=4, threads=4)
        master = server.pid
        deadline = time.monotonic() + 30
        while len(workers_of(master)) < 4 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = workers_of(master)
        online = "SELECT count(*) FROM applications_application WHERE channel = 'online'"
        # warm every worker (imports, templates, caches) on every kind of request before measuring: as many
        # clients as the run (a keep-alive client stays with one worker; a few might all land on one)
        asyncio.run(loadgen.run("127.0.0.1", port, args.clients, lambda c, n: c.request("GET", "/_hello"),
                                total=400, seconds=300))
        for path in pages.values():
            asyncio.run(loadgen.run("127.0.0.1", port, args.clients, lambda c, n, p=path: c.request("GET", p),
                                    total=200, seconds=300))
        accepted = {"n": 0}
        asyncio.run(loadgen.run("127.0.0.1", port, args.clients, submitter(agency, accepted, base_ip=200),
                                total=100, seconds=600, timeout=120))
        mem_before = {w: rss_kib(w) for w in workers}
        peak = PeakConnections(db)
        peak.start()
        rows = []

        def get(path):
            async def scenario(client, n):
                await client.request("GET", path)
            return scenario

        stats, secs = phase(port, args.clients, n_hello, get("/_hello"))
        rows.append(("hello-world (/_hello)", stats, secs, n_hello))
        for label, path in pages.items():
            stats, secs = phase(port, args.clients, n_page, get(path))
            rows.append((label, stats, secs, n_page))

        async def first_visit(client, n):
            await client.new_visitor()
            await client.request("GET", "/apply/")

        n_first = n_page // 2
        stats, secs = phase(port, args.clients, n_first, first_visit)
        rows.append(("application form, 1st visit", stats, secs, n_first))

        accepted = {"n": 0}
        before_saved = int(psql(online, db))
        stats, secs = phase(port, args.clients, n_submit, submitter(agency, accepted))
        rows.append(("application submissions", stats, secs, n_submit))
        peak.stop.set()
        peak.join(timeout=5)
        mem_after = {w: rss_kib(w) for w in workers if Path(f"/proc/{w}").exists()}
        saved = int(psql(online, db)) - before_saved
        report(args, rows, peak.peak, mem_before, mem_after, accepted["n"], saved)
    finally:
        if server is not None:
            server.stop()
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc",
                        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}'"],
                       capture_output=True, timeout=60)
        psql(f"DROP DATABASE IF EXISTS {db}")
        try:
            import redis

            r = redis.Redis.from_url(args.redis)
            for pattern in (f"*{prefix}*", f"*{prefix.replace('-', '')}*"):  # huey's queue drops the '-'
                for key in r.scan_iter(pattern, count=1000):
                    r.delete(key)
        except Exception:  # noqa: BLE001 - cleanup only
            pass


def report(args, rows, peak, mem_before, mem_after, accepted, saved) -> None:
    load = os.getloadavg()
    print()
    print(f"machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()},"
          f" load average before/after {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f} (other work on the machine counts)")
    print(f"server: gongkai serve --production --workers 4 --threads 4, PostgreSQL ({args.db_mode}, max 4 per"
          f" worker), Redis cache/sessions/counters; client: asyncio keep-alive, {args.clients} concurrent")
    hello_rps = None
    print(f"{'page':<28}{'requests':>9}{'req/s':>9}{'×hello':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}  statuses")
    total = 0
    for label, stats, secs, _n in rows:
        done = sum(stats.statuses.values())
        total += done * (2 if label.startswith("application sub") else 1)
        rps = done / secs if secs else 0
        hello_rps = hello_rps or rps
        bad = len(stats.errors) + sum(v for k, v in stats.statuses.items() if k >= 500)
        print(f"{label:<28}{done:>9}{rps:>9.0f}{rps / hello_rps:>8.2f}{stats.pct(50):>9.1f}{stats.pct(95):>9.1f}"
              f"{stats.pct(99):>9.1f}{bad:>8}  {dict(sorted(stats.statuses.items()))}")
    print(f"requests in all (submissions count form + POST): {total}")
    print(f"submissions accepted (302): {accepted}, online applications in the database: {saved},"
          f" lost: {accepted - saved}")
    print(f"peak PostgreSQL connections: {peak} (limit 4 workers × 4 = 16)")
    for w, before in mem_before.items():
        after = mem_after.get(w)
        grow = f"{(after - before) / before * 100:+.1f}%" if after else "recycled"
        print(f"worker {w}: {before / 1024:.0f} MiB before, {after / 1024 if after else 0:.0f} MiB after ({grow})")


if __name__ == "__main__":
    main()
