"""Issue 9: 发文序号 per agency, kind and year have no gaps and no duplicates even when 30 letters are issued
at the same moment (PostgreSQL: run with DATABASE_URL=postgres://…)."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from gongkai.applications import actions
from gongkai.applications.models import IssuedDocument

N = 30


@pytest.mark.django_db(transaction=True)
def test_thirty_concurrent_replies_get_thirty_consecutive_numbers(received, staff, agency_tree):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent issuing is tested on PostgreSQL (SQLite serialises every writer)")
    apps = [received(dt.date(2026, 3, 2)) for _ in range(N)]
    for app in apps:  # 本机关不掌握 is a refusal: signed off by the reviewer before it can be issued
        actions.submit_reply_for_signoff(staff["officer"], app, "not_held")
        actions.sign_off_reply(staff["reviewer"], app)
    barrier = threading.Barrier(N)

    def one(app):
        try:
            barrier.wait(timeout=60)
            actions.reply(staff["officer"], app, "not_held", on=dt.date(2026, 3, 10))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(N) as pool:
        list(pool.map(one, apps))
    docs = IssuedDocument.objects.filter(agency=agency_tree["dept"], kind="reply", year=2026)
    serials = sorted(docs.values_list("serial", flat=True))
    assert serials == list(range(1, N + 1))
    assert len({d.number for d in docs}) == N and {d.application_id for d in docs} == {a.pk for a in apps}
    assert all(d.pdf and d.docx for d in docs)
