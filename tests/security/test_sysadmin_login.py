"""Issue 15.2: /sysadmin/login/ must not be a second login that skips the lockout, the throttle and the journal.
It sends everyone to the platform's login; nothing posted to it is checked or logs anyone in."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from gongkai.accounts.models import LoginAttempt
from gongkai.journal.models import Event

PW = "Pw-for-tests-2026"


@pytest.fixture
def superuser(make_user, agency_tree):
    return make_user(agency_tree["city"], "sysadmin", username="root", is_staff=True, is_superuser=True)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_locked_superuser_cannot_sign_in_through_the_admin_login(client, superuser):
    for _ in range(settings.LOGIN_LOCKOUT_FAILURES):
        client.post(reverse("accounts:login"), {"username": "root", "password": "wrong-password"})
    resp = client.post("/sysadmin/login/", {"username": "root", "password": PW, "next": "/sysadmin/"})
    assert not signed_in(client)
    assert resp.status_code == 302 and resp.url.startswith(reverse("accounts:login"))
    assert client.get("/sysadmin/").status_code == 302


@pytest.mark.django_db
def test_the_admin_login_checks_no_password_and_every_guess_goes_through_the_journaled_login(client, superuser):
    for _ in range(20):
        resp = client.post("/sysadmin/login/", {"username": "root", "password": "guess"})
        assert resp.status_code == 302 and resp.url.startswith(reverse("accounts:login"))
    resp = client.post("/sysadmin/login/", {"username": "root", "password": PW})
    assert not signed_in(client)  # even the right password is not accepted there
    assert LoginAttempt.objects.count() == 0  # nothing was evaluated
    # The platform login is the way in, and the way back to the admin site.
    resp = client.get("/sysadmin/")
    login_url = client.get(resp.url).url
    assert login_url == f"{reverse('accounts:login')}?next=/sysadmin/"
    resp = client.post(login_url, {"username": "root", "password": PW})
    assert resp.status_code == 302 and resp.url == "/sysadmin/"
    assert client.get("/sysadmin/").status_code == 200
    assert Event.objects.filter(action="account.login", object_repr="root").count() == 1


@pytest.mark.django_db
def test_a_signed_in_non_admin_gets_403_not_a_redirect_loop(client, make_user, agency_tree):
    client.force_login(make_user(agency_tree["dept"], "officer", is_staff=True))
    resp = client.get("/sysadmin/login/?next=/sysadmin/")
    assert resp.status_code == 403
