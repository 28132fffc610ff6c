"""Issue 15 item 10: wrong guesses on a tracking code slow down the client that makes them (growing delays
per client and code) and never lock the real applicant out."""

import pytest
from django.urls import reverse

from gongkai.applications import actions
from gongkai.applications.models import Application

ATTACKER, APPLICANT = "203.0.113.7", "198.51.100.9"
PERSON = {
    "applicant_type": "natural_person", "applicant_name": "张三", "id_type": "id_card",
    "id_number": "510502199001191234", "phone": "13800001234", "email": "zhangsan@example.com",
    "address": "泸州市江阳区", "info_name": "2025年统计公报", "info_description": "全文",
    "provision_form": "electronic", "delivery_method": "email",
}


def _try(client, code, password, ip):
    return client.post(reverse("applications_public:status"), {"tracking_code": code, "password": password},
                       REMOTE_ADDR=ip)


@pytest.fixture
def application(agency_tree) -> tuple[Application, str]:
    app, password, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], PERSON, token="d1")
    return app, password


@pytest.mark.django_db
def test_wrong_guesses_by_others_do_not_lock_the_applicant_out(client, application):
    app, password = application
    for i in range(12):
        _try(client, app.tracking_code, f"guess{i}", ATTACKER)
    client.cookies.clear()
    resp = _try(client, app.tracking_code, password, APPLICANT)
    assert resp.status_code == 302 and resp["Location"] == reverse("applications_public:status_detail")


@pytest.mark.django_db
def test_the_guessing_client_waits_longer_and_longer(client, application, monkeypatch):
    from gongkai.applications import lookup_limits

    assert [lookup_limits.delay(n) for n in range(2, 8)] == [0, 2, 4, 8, 16, 32]
    assert lookup_limits.delay(40) == lookup_limits.MAX_DELAY == 900
    monkeypatch.setattr(lookup_limits, "BASE_DELAY", 60)  # the waits outlast a slow test machine
    app, password = application
    answers = [_try(client, app.tracking_code, f"guess{i}", ATTACKER).content.decode() for i in range(5)]
    assert all("查询码或查询密码不正确" in a for a in answers[:4])  # three free, the fourth after no wait yet
    assert "2 分钟后再试" in answers[4]
    # while it waits, not even the right password is checked for that client; another client gets in
    assert "分钟后再试" in _try(client, app.tracking_code, password, ATTACKER).content.decode()
    assert _try(client, app.tracking_code, password, APPLICANT).status_code == 302
