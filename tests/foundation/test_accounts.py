import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from gongkai.journal.models import Event

PW = "Pw-for-tests-2026"


def post_login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(make_user, agency_tree):
    user = make_user(agency_tree["dept"])
    assert identify_hasher(user.password).algorithm == "argon2"


@pytest.mark.django_db
def test_login_and_logout_are_journaled(client, make_user, agency_tree):
    make_user(agency_tree["dept"], username="zy")
    resp = post_login(client, "zy", PW)
    assert resp.status_code == 302 and resp.url == reverse("workbench:home")
    assert client.get(reverse("workbench:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    actions = list(Event.objects.filter(object_repr__contains="zy").order_by("at", "id").values_list("action", flat=True))
    assert actions == ["account.login", "account.logout"]
    assert Event.objects.get(action="account.login").agency == agency_tree["dept"]


@pytest.mark.django_db
def test_lockout_after_five_failures_in_fifteen_minutes(client, make_user, agency_tree):
    make_user(agency_tree["dept"], username="victim")
    for _ in range(settings.LOGIN_LOCKOUT_FAILURES):
        resp = post_login(client, "victim", "wrong-password")
        assert resp.status_code == 200 and "用户名或密码不正确" in resp.content.decode()
    resp = post_login(client, "victim", PW)  # the right password no longer helps
    assert resp.status_code == 200 and "暂时锁定" in resp.content.decode()
    assert "_auth_user_id" not in client.session
    assert Event.objects.filter(action="account.locked", object_repr="victim").count() == 1
    assert Event.objects.filter(action="account.login_failed", object_repr="victim").count() == 6


@pytest.mark.django_db
def test_failures_outside_the_window_do_not_lock(client, make_user, agency_tree):
    import datetime as dt

    from django.utils import timezone

    from gongkai.accounts.models import LoginAttempt

    make_user(agency_tree["dept"], username="old")
    for _ in range(5):
        post_login(client, "old", "wrong")
    LoginAttempt.objects.update(at=timezone.now() - dt.timedelta(minutes=16))
    assert post_login(client, "old", PW).status_code == 302


@pytest.mark.django_db
def test_idle_session_times_out(client, make_user, agency_tree):
    make_user(agency_tree["dept"], username="idle")
    post_login(client, "idle", PW)
    assert client.get(reverse("workbench:home")).status_code == 200
    session = client.session
    session["gongkai_last_seen"] -= settings.SESSION_IDLE_MINUTES * 60 + 1
    session.save()
    resp = client.get(reverse("workbench:home"))
    assert resp.status_code == 302 and reverse("accounts:login") in resp.url
    assert Event.objects.filter(action="account.idle_timeout").exists()


@pytest.mark.django_db
def test_admin_site_only_for_sysadmin(client, make_user, agency_tree):
    officer = make_user(agency_tree["dept"], "officer", is_staff=True)
    client.force_login(officer)
    assert client.get("/sysadmin/").status_code == 302  # sent to the admin login: no access
    admin = make_user(agency_tree["city"], "sysadmin", is_staff=True)
    client.force_login(admin)
    assert client.get("/sysadmin/").status_code == 200


@pytest.mark.django_db
def test_home_page_is_chinese_and_login_page_has_csrf(client):
    resp = client.get("/")
    html = resp.content.decode()
    assert resp.status_code == 200 and 'lang="zh-Hans"' in html and "政府信息公开" in html
    assert "csrfmiddlewaretoken" in client.get(reverse("accounts:login")).content.decode()
    assert resp.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_role_granted_in_admin_inline_is_journaled(client, make_user, agency_tree):
    from gongkai.agencies.models import Membership

    admin = make_user(agency_tree["city"], "sysadmin", is_staff=True, is_superuser=True)
    target = make_user(None, username="newcomer")
    client.force_login(admin)
    agency = agency_tree["dept"]
    url = f"/sysadmin/agencies/agency/{agency.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k != "parent"}
    data.update({"parent": agency.parent_id, "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
                 "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
                 "memberships-0-user": target.pk, "memberships-0-role": "officer", "memberships-0-agency": agency.pk})
    resp = client.post(url, data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert Membership.objects.filter(user=target, agency=agency, role="officer").exists()
    event = Event.objects.get(action="membership.granted")  # was membership.created_in_admin (admin now calls agencies.actions.grant_role)
    assert event.agency == agency and event.after["role"] == "officer"


@pytest.mark.django_db
def test_login_attempts_cannot_be_deleted_in_admin(client, make_user, agency_tree):
    admin = make_user(agency_tree["city"], "sysadmin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    post_login(client.__class__(), "someone", "wrong")
    from gongkai.accounts.models import LoginAttempt

    attempt = LoginAttempt.objects.get()
    assert client.get(f"/sysadmin/accounts/loginattempt/{attempt.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_journal_masks_personal_data_in_snapshots(agency_tree):
    from gongkai.journal.services import snapshot

    user = __import__("gongkai.accounts.models", fromlist=["User"]).User(username="x", phone="13812345678",
                                                                           email="zhang@example.com")
    snap = snapshot(user)
    assert snap["phone"] == "138****5678" and snap["email"] == "z***@example.com"
    assert snap["password"] in ("", "***")
