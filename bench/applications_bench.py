"""Benchmark: the due-soon list (query and page) with 100,000 open applications over 300 agencies.

Run:  .venv/bin/python bench/applications_bench.py [--apps 100000] [--agencies 300] [--runs 30]
Uses a fresh SQLite database in a temporary folder (or DATABASE_URL if set). Prints the median times
of: the due-soon query for one agency's officer, the same across all 300 agencies (a supervisor of the
parent government), and the full workbench page /work/applications/?due=soon for both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--apps", type=int, default=100_000)
    ap.add_argument("--agencies", type=int, default=300)
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="gongkai-bench-")
    os.environ.setdefault("GONGKAI_VAR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)

    from gongkai.accounts.models import User
    from gongkai.agencies.models import Agency, Kind, Membership, Role
    from gongkai.applications import queues
    from gongkai.applications.deadlines import today
    from gongkai.applications.models import Application, State
    from gongkai.workcalendar.service import get_calendar

    cal = get_calendar()
    day = today()
    rng = random.Random(7)
    t0 = time.perf_counter()
    with transaction.atomic():
        gov = Agency.objects.create(name="基准测试市人民政府", slug="bench-gov", kind=Kind.GOVERNMENT)
        agencies = [Agency.objects.create(name=f"基准测试部门{i:03d}", slug=f"bench-{i:03d}", parent=gov)
                    for i in range(args.agencies - 1)] + [gov]
        officer = User.objects.create_user("bench_officer", password="x")
        Membership.objects.create(user=officer, agency=agencies[0], role=Role.OFFICER)
        sup = User.objects.create_user("bench_sup", password="x")
        Membership.objects.create(user=sup, agency=gov, role=Role.SUPERVISOR)
        # receipt dates over the last 30 working days; due = receipt + 20 working days (the stored clock)
        receipts, cursor = [], day
        while len(receipts) < 30:
            if cal.is_workday(cursor):
                receipts.append(cursor)
            cursor -= dt.timedelta(days=1)
        due_of = {r: cal.add_workdays(r, 20) for r in receipts}
        batch = []
        for i in range(args.apps):
            r = rng.choice(receipts)
            batch.append(Application(
                agency=agencies[i % len(agencies)], tracking_code=f"B-{i:08d}", query_password_hash="x",
                applicant_type="natural_person", applicant_name=f"申请人{i}", info_description="基准测试",
                channel="online", arrival_date=r, confirmed_date=r, receipt_date=r, state=State.HANDLING,
                is_open=True, due_date=due_of[r], clock_provisional=cal.is_provisional_span(r, due_of[r]),
            ))
            if len(batch) == 5000:
                Application.objects.bulk_create(batch)
                batch = []
        Application.objects.bulk_create(batch)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    build = time.perf_counter() - t0

    def timed(fn) -> float:
        times = []
        for _ in range(args.runs):
            s = time.perf_counter()
            fn()
            times.append((time.perf_counter() - s) * 1000)
        return statistics.median(times)

    def query_for(user):
        def run():
            qs = queues.for_list(queues.due_soon(Application.objects.for_user(user), today()), by_due=True)
            return qs.count(), list(qs[:50])
        return run

    def page_for(user):
        client = Client()
        client.force_login(user)
        url = "/work/applications/?due=soon"

        def run():
            resp = client.get(url)
            assert resp.status_code == 200, resp.status_code
        return run

    n_soon_all = queues.due_soon(Application.objects.all(), day).count()
    n_soon_one = queues.due_soon(Application.objects.filter(agency=agencies[0]), day).count()
    results = {
        "query, one agency (officer)": timed(query_for(officer)),
        "query, 300 agencies (supervisor)": timed(query_for(sup)),
        "page, one agency (officer)": timed(page_for(officer)),
        "page, 300 agencies (supervisor)": timed(page_for(sup)),
    }
    print("gongkai applications due-soon benchmark")
    print(f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()} "
          f"python={platform.python_version()} db={connection.vendor} sqlite={__import__('sqlite3').sqlite_version} "
          f"load={os.getloadavg()[0]:.1f}")
    print(f"data: {Application.objects.count()} open applications over {Agency.objects.count()} agencies "
          f"(built in {build:.1f}s); due within 3 working days: {n_soon_all} in all, {n_soon_one} in one agency")
    print(f"median of {args.runs} runs (target <= 50 ms):")
    for k, v in results.items():
        print(f"  {k:36s} {v:8.2f} ms")


if __name__ == "__main__":
    main()
