"""Issue 15.12 (web part): the staff journal page answers odd query parameters with a page, never a 500."""

from __future__ import annotations

import pytest

ODD = [
    {"agency": "²"}, {"agency": "12345678901234567890"}, {"agency": "-1"}, {"agency": "١٢"}, {"agency": "0x10"},
    {"object_id": "9" * 100}, {"actor": "a\x00b"}, {"action": "\x00"}, {"object_type": "x" * 5000},
    {"page": "99999999999999999999"}, {"from": "99999-01-01"}, {"to": "2026-02-30"},
]


@pytest.fixture
def auditor_client(client, make_user, agency_tree):
    from django.db import transaction

    from gongkai.journal.services import record

    user = make_user(agency_tree["city"], "auditor")
    with transaction.atomic():
        record("test.event", actor=user, obj=user, agency=agency_tree["city"])
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("params", ODD, ids=[repr(p)[:40] for p in ODD])
def test_odd_journal_parameters_give_a_page_not_a_500(auditor_client, params):
    resp = auditor_client.get("/work/journal/", params)
    assert resp.status_code == 200, resp.status_code


@pytest.mark.django_db
def test_a_valid_agency_filter_still_filters(auditor_client, agency_tree):
    shown = auditor_client.get("/work/journal/", {"agency": str(agency_tree["city"].pk)}).content.decode()
    hidden = auditor_client.get("/work/journal/", {"agency": str(agency_tree["dept"].pk)}).content.decode()
    assert "test.event" in shown or "u1_auditor" in shown
    assert shown != hidden
