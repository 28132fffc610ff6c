"""Server errors the standing fuzz (test_fuzz.py) found, each kept as a regression test."""

import pytest
from django.urls import reverse

from gongkai.accounts.models import LoginAttempt
from gongkai.journal.models import Event


@pytest.mark.django_db
@pytest.mark.parametrize("data", [
    {"username": "", "password": ""},          # an empty login form
    {"username": "somebody"},                  # no password field at all
    {"username": "somebody", "password": "\x0b\x0c"},  # a password of control characters only
])
def test_incomplete_login_form_is_refused_not_a_500(client, make_user, data):
    make_user(None, username="somebody")
    resp = client.post(reverse("accounts:login"), data)
    assert resp.status_code == 200
    assert "请" in resp.content.decode() or "不正确" in resp.content.decode()
    assert "_auth_user_id" not in client.session
    assert not Event.objects.filter(action="account.login").exists()
    if data["username"]:
        assert LoginAttempt.objects.filter(username="somebody", success=False).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/open/search/?q=a%00b", "/mailbox/qa/?category=a%00b",
                                 "/work/applications/?q=a%00b&state=%00"])
def test_nul_in_a_query_parameter_is_not_a_500(client, agency_tree, make_user, url):
    """On PostgreSQL a NUL in a filter made the database refuse the query (500); the query string is
    cleaned before any view reads it, so the filter and its echo on the page hold no NUL."""
    client.force_login(make_user(agency_tree["dept"], "officer"))
    resp = client.get(url)
    assert resp.status_code == 200
    assert b"\x00" not in resp.content


@pytest.mark.django_db
def test_nul_in_the_applicant_search_is_not_a_500(client, agency_tree, make_user):
    client.force_login(make_user(agency_tree["dept"], "officer"))
    resp = client.post("/work/applications/", {"applicant": "张\x00三"})
    assert resp.status_code == 200 and b"\x00" not in resp.content
