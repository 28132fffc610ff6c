"""Issue 14 item 2: a lock timeout answers 503 「请稍后重试」 with Retry-After, never a 500 (the issue saw two
applications saved but answered with a 500 on SQLite)."""

from __future__ import annotations

import sqlite3

from gongkai.serving import launch

from .helpers import apply_form, seed


def test_production_server_answers_503_while_the_database_is_locked(prod_server):
    base, env = prod_server(workers=1, threads=4, GONGKAI_SQLITE_BUSY_SECONDS="1")
    agency = seed(env)
    b = launch.Browser(base)
    form = apply_form(b, agency)
    holder = sqlite3.connect(f"{env['GONGKAI_VAR']}/gongkai.sqlite3", isolation_level=None, timeout=30)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        status, headers, html = b.post("/apply/", form)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert status == 503 and headers["Retry-After"] == "5" and "请稍后重试" in html
    status, headers, _ = b.post("/apply/", form)  # the same form, once the lock is gone
    assert status == 302 and headers["Location"].endswith("/apply/done/")
