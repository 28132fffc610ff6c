"""Benchmark (not a test): the case page's "较早的申请" (applications.related) for one agency holding N cases
(default 50 000 over four years, 5% of them by the same applicant), against the baseline of the case
page's one-row lookup. Prints the median of --repeat runs of each, the rows fetched and the queries.

    .venv/bin/python bench/related_bench.py
    .venv/bin/python bench/related_bench.py --cases 200000 --repeat 9
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reports_bench  # noqa: E402  (setup_django)

WORDS = ["统计公报", "财政预算", "决算报告", "招标文件", "规划许可", "收费标准", "人口普查", "行政处罚决定书",
         "环境监测数据", "会议纪要", "道路改造工程", "补贴发放名单", "学校招生计划", "医保支付标准"]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cases", type=int, default=50_000)
    p.add_argument("--repeat", type=int, default=7)
    args = p.parse_args()
    var = Path(tempfile.mkdtemp(prefix="gongkai-related-bench-"))
    os.environ.pop("DATABASE_URL", None)
    reports_bench.setup_django(var)
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from gongkai.accounts.models import User
    from gongkai.agencies.models import Agency, Membership
    from gongkai.applications import related
    from gongkai.applications.models import Application

    print(f"machine: {platform.machine()} · {os.cpu_count()} CPUs · Python {platform.python_version()} · "
          f"SQLite {sqlite3.sqlite_version}")
    call_command("migrate", verbosity=0)
    agency = Agency.objects.create(name="基准市统计局", slug="bench-stats")
    user = User.objects.create_user(username="bench_officer", password="Bench-password-2026!")
    Membership.objects.create(user=user, agency=agency, role="officer")
    rnd = random.Random(9)
    start = dt.date(2023, 1, 2)
    rows = []
    for i in range(args.cases):
        same = i % 20 == 0
        text = f"{2020 + rnd.randrange(6)}年{rnd.choice(WORDS)}{rnd.choice(WORDS)}"
        rows.append(Application(
            agency=agency, tracking_code=f"B-{i:09d}", applicant_type="natural_person",
            applicant_name="张三" if same else f"申请人{i}", id_number="510502199001191234" if same else f"5105{i:014d}",
            phone="13800001234" if same else "", info_description=text, channel="in_person",
            arrival_date=start + dt.timedelta(days=i * 1400 // args.cases), receipt_date=start))
    t0 = time.perf_counter()
    with transaction.atomic():
        Application.objects.bulk_create(rows, batch_size=2000)
    print(f"loaded {args.cases} cases in {time.perf_counter() - t0:.1f} s")
    app = Application.objects.create(
        agency=agency, tracking_code="B-NEW", applicant_type="natural_person", applicant_name="张三",
        id_number="510502199001191234", phone="13800001234", info_description="2025年统计公报财政预算",
        channel="in_person", arrival_date=dt.date(2026, 11, 30))

    def timed(fn) -> float:
        runs = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t)
        return statistics.median(runs) * 1000

    base = timed(lambda: Application.objects.for_user(user).get(pk=app.pk))
    found = related.related(user, app)
    with CaptureQueriesContext(connection) as ctx:
        related.related(user, app)
    took = timed(lambda: related.related(user, app))
    same = timed(lambda: related.same_applicant(user, app))
    similar = timed(lambda: related.similar_requests(user, app))
    print(f"baseline (the case row, scoped): median {base:.2f} ms")
    print(f"  same applicant: median {same:.2f} ms; similar requests: median {similar:.2f} ms")
    print(f"related (same applicant + similar): median {took:.2f} ms over {args.repeat} runs; "
          f"{len(ctx.captured_queries)} queries; candidates ≤ {related.MAX_CANDIDATES} of {args.cases}; "
          f"shown: {len(found['same_applicant'])} same applicant, {len(found['similar'])} similar")


if __name__ == "__main__":
    main()
