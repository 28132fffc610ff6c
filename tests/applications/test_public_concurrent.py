"""One public form posted at the same moment from several browsers (a double click through two
connections, a proxy's retry): one application; one browser gets the receipt, the others the Chinese
"already submitted" answer with nothing personal, never a 500 (PostgreSQL: run with DATABASE_URL=…)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import Application
from gongkai.journal.models import Event

N = 5


@pytest.mark.django_db(transaction=True)
def test_one_form_token_posted_concurrently_gives_one_application(agency_tree, person):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent submission is tested on PostgreSQL (SQLite serialises every writer)")
    data = {**person, "agency": agency_tree["dept"].pk, "token": "0f" * 16, "confirm": "on"}
    barrier = threading.Barrier(N)

    def one(i):
        try:
            barrier.wait(timeout=60)
            r = Client(REMOTE_ADDR=f"10.0.0.{i + 1}").post(reverse("applications_public:apply"), data)
            return r.status_code, r.content.decode() if r.status_code != 302 else r["Location"]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(N) as pool:
        answers = list(pool.map(one, range(N)))
    assert sorted(s for s, _ in answers) == [200] * (N - 1) + [302], [s for s, _ in answers]
    app = Application.objects.get()
    for status, body in answers:
        if status == 200:
            assert "不会重复登记" in body and app.tracking_code not in body
    assert Event.objects.filter(action="application.submitted").count() == 1
