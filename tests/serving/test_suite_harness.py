"""What tests/conftest.py does to keep the suite quick must not change what the tests see: the live server
answers without the 40 ms delayed-ACK wait, a flush still empties every table, and a transactional test hands
the next test the migrated database (calendar included)."""

from __future__ import annotations

import http.client
import socket
import urllib.parse
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)
def test_live_server_connections_send_without_nagle(live_server, monkeypatch):
    from django.test.testcases import QuietWSGIRequestHandler

    seen = []
    setup = QuietWSGIRequestHandler.setup

    def recording_setup(self):
        setup(self)
        seen.append(self.connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    monkeypatch.setattr(QuietWSGIRequestHandler, "setup", recording_setup)
    url = urllib.parse.urlsplit(live_server.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        for _ in range(3):  # one keep-alive connection, as schemathesis and browsers use
            conn.request("GET", "/healthz")
            conn.getresponse().read()
    finally:
        conn.close()
    assert seen and all(seen), seen


@pytest.mark.django_db(transaction=True)
def test_flush_empties_every_table(agency_tree, make_user):
    make_user(agency_tree["dept"], "officer")
    call_command("flush", interactive=False, verbosity=0)
    left = {m._meta.label: m.objects.count() for m in apps.get_models()
            if m._meta.app_label not in ("contenttypes", "auth")}
    assert not {label: n for label, n in left.items() if n}, left


@pytest.mark.django_db(transaction=True)
def test_after_a_transactional_test_the_calendar_seed_is_back(request):
    """Under `--dist worksteal` a worker may run any test after a transactional one, whose flush removed the
    calendar the migrations seeded: the teardown hook puts it back."""
    from gongkai.workcalendar.models import CalendarYear

    root = str(Path(__file__).resolve().parents[1] / "conftest.py")  # (several conftest modules are "conftest")
    conftest = next(p for p in request.config.pluginmanager.get_plugins() if getattr(p, "__file__", None) == root)

    call_command("flush", interactive=False, verbosity=0)
    assert not CalendarYear.objects.exists()
    teardown = conftest.pytest_runtest_teardown(request.node, nextitem=request.node)
    next(teardown)  # (pytest would run the fixtures' teardown, the flush, here)
    with pytest.raises(StopIteration):
        teardown.send(None)
    assert CalendarYear.objects.filter(status="confirmed").count() == 23
