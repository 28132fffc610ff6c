"""Benchmark (not a test): a city of N agencies with M applications and K disclosure items.

Computes every agency's annual-report tables (2–4, through the ledgers' `*_by_agency` reporting
functions, as the platform does: reports.compute.tables_by_agency) and the city roll-up (sum of the
members' tables), and beside it one raw SQL pass aggregating the same tables for all agencies at once.
Target: ≤ 2 s on SQLite, within 2× of raw. For information it also times the roll-up report as the
platform builds it (reports.government.rollup_data: tables and the drafted section 一).

    .venv/bin/python bench/reports_bench.py                       # 300 agencies, 1,000,000 / 5,000,000
    .venv/bin/python bench/reports_bench.py --scale 0.1           # a tenth of the rows
    .venv/bin/python bench/reports_bench.py --keep /tmp/bench     # keep (and later reuse) the database

Data are generated with INSERT … SELECT over a recursive CTE (no Python loop per row).
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

YEAR = 2021


def setup_django(var_dir: Path) -> None:
    os.environ["GONGKAI_VAR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()


def literal_defaults(model, given: dict[str, str]) -> dict[str, str]:
    """SQL literals for every NOT NULL column of `model` not in `given` (from the model's fields)."""
    from django.db import models

    out: dict[str, str] = {}
    for f in model._meta.concrete_fields:
        col = f.column
        if col in given or f.primary_key or f.null:
            continue
        default = f.default
        if isinstance(f, models.JSONField):
            out[col] = "'{}'" if default is dict else "'[]'"
        elif default is not models.NOT_PROVIDED and not callable(default):
            out[col] = ("1" if default else "0") if isinstance(default, bool) else (
                str(default) if isinstance(default, int | float) else "'" + str(default).replace("'", "''") + "'")
        elif isinstance(f, models.BooleanField):
            out[col] = "0"
        elif isinstance(f, models.DateTimeField):
            out[col] = "'2021-01-01 00:00:00'"
        elif isinstance(f, models.DateField):
            out[col] = "'2021-01-01'"
        elif isinstance(f, models.IntegerField | models.DecimalField | models.FloatField | models.ForeignKey):
            out[col] = "0"
        else:
            out[col] = "''"
    return out


def insert_select(conn: sqlite3.Connection, model, n: int, exprs: dict[str, str]) -> None:
    """Insert `n` rows in one statement; the table's indexes are dropped first and rebuilt after
    (building an index once is much faster than maintaining it row by row)."""
    table = model._meta.db_table
    indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                           "AND sql IS NOT NULL", (table,)).fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    cols = {**exprs, **literal_defaults(model, exprs)}
    sql = (
        f"INSERT INTO {table} ({', '.join(cols)}) "
        f"WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {n}) "
        f"SELECT {', '.join(cols.values())} FROM seq"
    )
    conn.execute(sql)
    for _name, index_sql in indexes:
        conn.execute(index_sql)
    conn.commit()


def generate(db_path: Path, agencies: int, applications: int, items: int) -> dict[str, int]:
    from gongkai.agencies.models import Agency
    from gongkai.appeals.models import Appeal
    from gongkai.applications.models import Application
    from gongkai.disclosures.models import DisclosureItem, ItemChannel
    from gongkai.interactions.models import MailboxLetter, Survey
    from gongkai.reports.models import ManualFigure

    conn = sqlite3.connect(db_path)
    # leave WAL (set by the platform's connection) cleanly before bulk loading without a journal
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.executescript("PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;"
                       " PRAGMA temp_store=MEMORY;")
    a = agencies
    insert_select(conn, Agency, a, {
        "id": "n", "parent_id": "CASE WHEN n = 1 THEN NULL ELSE 1 END",
        "path": "CASE WHEN n = 1 THEN '/1/' ELSE '/1/' || n || '/' END",
        "name": "CASE WHEN n = 1 THEN '基准市人民政府' ELSE '基准市第' || n || '局' END", "slug": "'b' || n",
        "kind": "CASE WHEN n = 1 THEN 'government' ELSE 'department' END", "level": "'city'",
        "may_receive_applications": "1", "sort_order": "n",
    })
    outcomes = ["r1", "r1", "r1", "r2", "r3_1", "r3_2", "r3_3", "r3_4", "r3_5", "r3_6", "r3_7", "r3_8", "r4_1",
                "r4_2", "r4_3", "r5_1", "r5_2", "r5_3", "r5_4", "r5_5", "r6_1", "r6_2", "r6_3"]
    outcome_case = "CASE (n / 7) % {} {} END".format(
        len(outcomes), " ".join(f"WHEN {i} THEN '{o}'" for i, o in enumerate(outcomes)))
    types = ["natural_person", "business", "research", "public_interest", "legal_services", "other"]
    type_case = "CASE n % 6 {} END".format(" ".join(f"WHEN {i} THEN '{t}'" for i, t in enumerate(types)))
    # two years (2020–2021); every 40th case is still open 20 days later at the year end → carried out
    receipt = f"date('{YEAR - 1}-01-01', '+' || ((n / 3) % 730) || ' days')"
    closed = f"CASE WHEN n % 40 = 0 THEN NULL ELSE date({receipt}, '+' || (5 + n % 30) || ' days') END"
    insert_select(conn, Application, applications, {
        "agency_id": f"1 + n % {a}", "tracking_code": "'B' || n", "applicant_type": type_case,
        "applicant_name": "'申请人'", "info_description": "'信息'", "channel": "'in_person'",
        "arrival_date": receipt, "receipt_date": receipt, "closed_on": closed,
        "outcome_row": f"CASE WHEN n % 40 = 0 THEN '' ELSE {outcome_case} END", "state": "'archived'",
        "is_open": "CASE WHEN n % 40 = 0 THEN 1 ELSE 0 END",
        "fee_paid_on": f"CASE WHEN n % 997 = 0 THEN {receipt} END",
        "fee_paid_amount": "CASE WHEN n % 997 = 0 THEN 100 END",
    })
    kinds = "CASE n % 3 WHEN 0 THEN 'reconsideration' WHEN 1 THEN 'lawsuit_direct' ELSE 'lawsuit_after_reconsideration' END"
    results = "CASE n % 4 WHEN 0 THEN 'upheld' WHEN 1 THEN 'corrected' WHEN 2 THEN 'other' ELSE 'pending' END"
    filed = f"date('{YEAR - 1}-01-01', '+' || (n % 730) || ' days')"
    insert_select(conn, Appeal, applications // 100, {
        "agency_id": f"1 + n % {a}", "kind": kinds, "filed_on": filed, "result": results,
        "closed_on": f"CASE WHEN n % 4 = 3 THEN NULL ELSE date({filed}, '+60 days') END",
    })
    # items over seven years; one in 50 is a normative document, one in 200 a regulation
    published = f"date('{YEAR - 6}-01-01', '+' || ((n / 5) % 2555) || ' days')"
    doc_type = "CASE WHEN n % 200 = 0 THEN 'regulation' WHEN n % 50 = 0 THEN 'normative' ELSE 'ordinary' END"
    insert_select(conn, DisclosureItem, items, {
        "id": "n", "agency_id": f"1 + n % {a}", "title": "'信息'", "publisher": "'基准'", "formed_on": published,
        "published_on": published, "doc_type": doc_type, "status": "'published'",
        "validity": "CASE WHEN n % 50 = 0 THEN (CASE WHEN n % 1000 = 0 THEN 'repealed' ELSE 'valid' END) ELSE '' END",
        "validity_changed_on": f"CASE WHEN n % 1000 = 0 THEN date({published}, '+100 days') END",
        "late": "CASE WHEN n % 97 = 0 THEN 1 ELSE 0 END", "version": "1",
    })
    channels = ("website", "website", "website", "wechat", "weibo", "press")
    channel_case = "CASE n % 6 {} END".format(" ".join(f"WHEN {i} THEN '{c}'" for i, c in enumerate(channels)))
    # each publication carries its item's agency and counted state (ItemChannel.agency, .counted): all published
    insert_select(conn, ItemChannel, items, {"item_id": "n", "agency_id": f"1 + n % {a}", "counted": "1",
                                             "channel": channel_case, "published_on": published})
    received = f"date('{YEAR - 1}-01-01', '+' || (n % 730) || ' days')"
    insert_select(conn, MailboxLetter, applications // 10, {
        "agency_id": f"1 + n % {a}", "tracking_code": "'M' || n", "received_on": received,
        "received_at": f"{received} || ' 10:00:00'", "due_on": received, "answered_on": received,
        "published_on": f"CASE WHEN n % 2 = 0 THEN {received} END", "status": "'answered'",
    })
    insert_select(conn, Survey, a * 4, {"agency_id": f"1 + n % {a}", "opens_on": received, "closes_on": received,
                                        "status": "'closed'", "title": "'调查'"})
    insert_select(conn, ManualFigure, a, {
        "agency_id": "n", "year": str(YEAR), "row_key": "'penalty'", "column_key": "'decisions'",
        "value": "n % 17", "source": "'执法台账'", "entered_at": "'2022-01-05 00:00:00'",
    })
    conn.commit()
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode=WAL")
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (
        "agencies_agency", "applications_application", "appeals_appeal", "disclosures_disclosureitem",
        "disclosures_itemchannel", "interactions_mailboxletter", "reports_manualfigure")}
    conn.close()
    return counts


def platform_pass(agencies: list, gov) -> tuple[float, object, int]:
    """Every agency's tables 2–4 (grouped queries through the ledgers' own rules) and the city roll-up."""
    from gongkai.reports.compute import tables_by_agency
    from gongkai.rules.rollup import rollup

    t0 = time.perf_counter()
    parts = list(tables_by_agency(agencies, YEAR).values())
    city = rollup(parts, parts[0].format, agency=gov.name, year=YEAR)
    return time.perf_counter() - t0, city, len(parts)


def rollup_report(gov) -> tuple[float, object]:
    """The city's roll-up report as the web page and the CLI build it (default members, section 一 too)."""
    from gongkai.reports.government import rollup_data

    t0 = time.perf_counter()
    data = rollup_data(gov, YEAR)
    return time.perf_counter() - t0, data


def contract_loop(agency_ids: list[int]) -> float:
    """For comparison: the reporting contract called once per agency (a few queries each)."""
    from gongkai.reports.compute import compute_tables

    t0 = time.perf_counter()
    for i in agency_ids:
        compute_tables([i], YEAR)
    return time.perf_counter() - t0


COVERING_INDEXES = (
    "bench_app_t3 ON applications_application (agency_id, receipt_date, closed_on, applicant_type, outcome_row)",
    "bench_item_t2 ON disclosures_disclosureitem (agency_id, doc_type, published_on, formed_on, status, validity,"
    " validity_changed_on, effective_on)",
)

RAW_SQL = {
    "table3": f"""
        SELECT agency_id, applicant_type,
          SUM(receipt_date >= '{YEAR}-01-01') AS new,
          SUM(receipt_date < '{YEAR}-01-01') AS carried_in,
          SUM(closed_on IS NULL OR closed_on > '{YEAR}-12-31') AS carried_out,
          outcome_row, SUM(closed_on <= '{YEAR}-12-31') AS closed
        FROM applications_application
        WHERE receipt_date <= '{YEAR}-12-31' AND (closed_on IS NULL OR closed_on >= '{YEAR}-01-01')
        GROUP BY agency_id, applicant_type, outcome_row""",
    "table4": f"""
        SELECT agency_id, kind,
          SUM(result = 'upheld' AND closed_on <= '{YEAR}-12-31'), SUM(result = 'corrected' AND closed_on <= '{YEAR}-12-31'),
          SUM(result = 'other' AND closed_on <= '{YEAR}-12-31'),
          SUM(NOT (closed_on IS NOT NULL AND closed_on <= '{YEAR}-12-31' AND result != 'pending')), COUNT(*)
        FROM appeals_appeal WHERE filed_on BETWEEN '{YEAR}-01-01' AND '{YEAR}-12-31' GROUP BY agency_id, kind""",
    "table2": f"""
        SELECT agency_id, doc_type,
          SUM(formed_on BETWEEN '{YEAR}-01-01' AND '{YEAR}-12-31'),
          SUM(published_on BETWEEN '{YEAR}-01-01' AND '{YEAR}-12-31'),
          SUM(validity IN ('repealed', 'expired') AND validity_changed_on BETWEEN '{YEAR}-01-01' AND '{YEAR}-12-31'),
          SUM(published_on <= '{YEAR}-12-31' AND NOT (validity IN ('revised', 'repealed', 'expired')
              AND validity_changed_on <= '{YEAR}-12-31'))
        FROM disclosures_disclosureitem
        WHERE agency_id IN (SELECT id FROM agencies_agency) AND doc_type IN ('regulation', 'normative')
          AND published_on IS NOT NULL AND status != 'withdrawn'
        GROUP BY agency_id, doc_type""",
    "manual": f"SELECT agency_id, row_key, column_key, SUM(value) FROM reports_manualfigure WHERE year = {YEAR} "
              "GROUP BY agency_id, row_key, column_key",
}


def raw_pass(db_path: Path) -> tuple[float, dict[str, int]]:
    conn = sqlite3.connect(db_path)
    t0 = time.perf_counter()
    rows = {name: len(conn.execute(sql).fetchall()) for name, sql in RAW_SQL.items()}
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed, rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--agencies", type=int, default=300)
    p.add_argument("--applications", type=int, default=1_000_000)
    p.add_argument("--items", type=int, default=5_000_000)
    p.add_argument("--scale", type=float, default=1.0, help="multiply the row counts (e.g. 0.1)")
    p.add_argument("--keep", help="folder for the database (reused when it already holds one)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--covering-index", action="store_true",
                   help="add the covering indexes suggested to the ledger owners (applications for table 3, "
                        "disclosure items for table 2) and measure again")
    args = p.parse_args()
    n_app, n_items = int(args.applications * args.scale), int(args.items * args.scale)

    var = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    var.mkdir(parents=True, exist_ok=True)
    db_path = var / "gongkai.sqlite3"  # where settings put the SQLite database under GONGKAI_VAR
    os.environ.pop("DATABASE_URL", None)
    reuse = db_path.exists()
    setup_django(var)
    from django.core.management import call_command
    from django.db import connection

    print(f"machine: {platform.machine()} · {os.cpu_count()} CPUs · {platform.platform()} · Python "
          f"{platform.python_version()} · SQLite {sqlite3.sqlite_version}")
    if not reuse:
        call_command("migrate", verbosity=0)
        connection.close()
        t0 = time.perf_counter()
        counts = generate(db_path, args.agencies, n_app, n_items)
        print(f"data generated in {time.perf_counter() - t0:.1f} s: " + ", ".join(f"{k}={v:,}" for k, v in counts.items()))
    else:
        call_command("migrate", verbosity=0)  # a kept database may predate the latest migrations
        print(f"reusing {db_path}")
    from gongkai.agencies.models import Agency

    agencies = list(Agency.objects.order_by("id"))
    gov = next(a for a in agencies if a.parent_id is None)
    platform_pass(agencies[:5], gov)  # warm the caches
    best_platform, city, n = min((platform_pass(agencies, gov) for _ in range(args.repeat)), key=lambda r: r[0])
    best_raw, raw_rows = min((raw_pass(db_path) for _ in range(args.repeat)), key=lambda r: r[0])
    total = city.t3("total")[6]
    print(f"year {YEAR}: {n} agencies' tables 2–4 + city roll-up: {best_platform:.3f} s "
          f"(city: {city.t3('new')[6]:,} new applications, {total:,} handled, "
          f"{city.table2['行政规范性文件'][2] if '行政规范性文件' in city.table2 else city.table2['规范性文件'][2]:,} "
          f"normative documents in force)")
    print(f"one raw SQL pass over the same tables: {best_raw:.3f} s ({sum(raw_rows.values()):,} grouped rows)")
    print(f"ratio platform/raw: {best_platform / best_raw:.2f}× · target ≤ 2 s and ≤ 2× raw "
          f"(best of {args.repeat})")
    elapsed, report = rollup_report(gov)
    assert report.table3 == city.table3 and report.table4 == city.table4, "rollup_data differs from the tables' sum"
    print(f"the city's roll-up report (rollup_data: tables + section 一 from the ledgers): {elapsed:.3f} s")
    print(f"for comparison, the contract called once per agency: {contract_loop([a.pk for a in agencies]):.3f} s")
    if args.covering_index:
        conn = sqlite3.connect(db_path)
        for index in COVERING_INDEXES:
            conn.execute(f"CREATE INDEX IF NOT EXISTS {index}")
        conn.execute("ANALYZE")
        conn.close()
        connection.close()
        best_platform, city, n = min((platform_pass(agencies, gov) for _ in range(args.repeat)), key=lambda r: r[0])
        best_raw, raw_rows = min((raw_pass(db_path) for _ in range(args.repeat)), key=lambda r: r[0])
        print(f"with covering indexes (applications for table 3, items for table 2): platform {best_platform:.3f} s · raw {best_raw:.3f} s · "
              f"ratio {best_platform / best_raw:.2f}×")


if __name__ == "__main__":
    main()
