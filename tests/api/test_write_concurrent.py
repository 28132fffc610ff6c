"""Two systems' retries racing: the same `external_id` posted at the same moment by several requests is
registered once; every request gets that one application (one 201 with the password, the others 200
without it) and no 500 (PostgreSQL: run with DATABASE_URL=postgres://…)."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client

from gongkai.applications.models import Application
from gongkai.journal.models import Event

from .conftest import APPLICATION

N = 6


@pytest.mark.django_db(transaction=True)
def test_the_same_external_id_posted_concurrently_registers_once(world, make_token):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent registration is tested on PostgreSQL (SQLite serialises every writer)")
    _, secret = make_token(world["dept"])
    barrier = threading.Barrier(N)

    def one(_):
        try:
            barrier.wait(timeout=60)
            r = Client().post("/api/v1/applications", data=json.dumps(APPLICATION), content_type="application/json",
                              HTTP_AUTHORIZATION=f"Bearer {secret}")
            return r.status_code, r.json()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(N) as pool:
        answers = list(pool.map(one, range(N)))
    statuses = sorted(s for s, _ in answers)
    assert statuses == [200] * (N - 1) + [201], answers
    app = Application.objects.get()
    assert {body["id"] for _, body in answers} == {app.pk}
    assert [body["created"] for _, body in answers].count(True) == 1
    assert sum(1 for _, body in answers if body["query_password"]) == 1
    assert Event.objects.filter(action="application.registered").count() == 1
