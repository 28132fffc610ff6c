"""Benchmark (not a test): the supervisor's 统计看板 for a city of N agencies, on the reports benchmark's data
(bench/reports_bench.py builds it: applications, appeals, disclosure items with channels, letters, surveys).

Prints the server time of GET /work/stats/?year=2021 for the city's supervisor (the whole page: every
table, chart and figure, rendered), best of --repeat, and the time of each section for information.

    .venv/bin/python bench/dashboard_bench.py                        # 300 agencies, the reports bench's rows
    .venv/bin/python bench/dashboard_bench.py --scale 0.05 --keep /tmp/dash-bench
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reports_bench  # noqa: E402  (the data builder)

YEAR = reports_bench.YEAR


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--agencies", type=int, default=300)
    p.add_argument("--applications", type=int, default=1_000_000)
    p.add_argument("--items", type=int, default=5_000_000)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--keep", help="folder for the database (reused when it already holds one)")
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()
    var = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gongkai-dash-bench-"))
    var.mkdir(parents=True, exist_ok=True)
    db_path = var / "gongkai.sqlite3"
    os.environ.pop("DATABASE_URL", None)
    reuse = db_path.exists()
    reports_bench.setup_django(var)
    from django.core.management import call_command
    from django.db import connection

    print(f"machine: {platform.machine()} · {os.cpu_count()} CPUs · Python {platform.python_version()} · "
          f"SQLite {sqlite3.sqlite_version}")
    call_command("migrate", verbosity=0)
    if not reuse:
        connection.close()
        counts = reports_bench.generate(db_path, args.agencies, int(args.applications * args.scale),
                                        int(args.items * args.scale))
        print("data: " + ", ".join(f"{k}={v:,}" for k, v in counts.items()))
    else:
        print(f"reusing {db_path}")
    from django.test import Client
    from django.utils import timezone

    from gongkai.accounts.models import User
    from gongkai.agencies.models import Agency, Membership
    from gongkai.stats import dashboard
    from gongkai.stats.scope import Selection

    city = Agency.objects.get(parent__isnull=True)
    user, _ = User.objects.get_or_create(username="bench_supervisor")
    Membership.objects.get_or_create(user=user, agency=city, role="supervisor")
    client = Client()
    client.force_login(user)
    url = f"/work/stats/?year={YEAR}"
    resp = client.get(url)  # warm up (calendar cache, templates)
    assert resp.status_code == 200, resp.status_code
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        resp = client.get(url)
        times.append(time.perf_counter() - t0)
    agencies = list(Agency.objects.order_by("path"))
    print(f"GET {url} as the city's supervisor ({len(agencies)} agencies, {len(resp.content):,} bytes): "
          f"best {min(times) * 1000:.0f} ms, median {sorted(times)[len(times) // 2] * 1000:.0f} ms "
          f"(of {args.repeat}) · target ≤ 300 ms")
    sel = Selection(city, agencies, agencies, YEAR)
    today = timezone.localdate()
    for name, fn in (("applications", lambda: dashboard.applications_tables(sel, today)),
                     ("reply times", lambda: dashboard.reply_figures(sel)),
                     ("overdue list", lambda: dashboard.overdue_table(sel, today)),
                     ("disclosures", lambda: dashboard.disclosure_tables(sel)),
                     ("mailbox", lambda: dashboard.mailbox_table(sel)),
                     ("reports", lambda: dashboard.reports_table(sel, today))):
        t0 = time.perf_counter()
        fn()
        print(f"  {name}: {(time.perf_counter() - t0) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
