"""Issue 9 item 8: a lost 查询密码 is reset through the contact channel the applicant gave — e-mail: a
signed, expiring, single-use link; post/phone applicants: at the counter by an officer (an action,
journaled, new password shown once). The request is rate-limited and shows nothing personal."""

import datetime as dt
import re
import time

from django.core import mail, signing
from django.urls import reverse

from gongkai.applications import actions, password_reset
from gongkai.journal.models import Event

D = dt.date(2026, 3, 2)


def _request(client, code, ip="10.0.0.1"):
    return client.post(reverse("applications_public:password_reset"), {"tracking_code": code}, REMOTE_ADDR=ip)


def _login(client, code, password) -> bool:
    resp = client.post(reverse("applications_public:status"), {"tracking_code": code, "password": password})
    return resp.status_code == 302


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/)", message.body).group(1)


def test_email_link_resets_once(client, agency_tree, person):
    app, old, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="pr-1")
    mail.outbox.clear()
    resp = _request(client, app.tracking_code.lower())
    assert resp.status_code == 200 and password_reset.ANSWER in resp.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [person["email"]]
    link = _link(mail.outbox[0])
    # following the link changes nothing (mail scanners fetch links); the POST does
    page = client.get(link).content.decode()
    assert "生成新的查询密码" in page and _login(client, app.tracking_code, old)
    page = client.post(link).content.decode()
    new = re.search(r'id="query-password">(\w+)<', page).group(1)
    assert new != old and _login(client, app.tracking_code, new) and not _login(client, app.tracking_code, old)
    ev = Event.objects.for_object(app).get(action="application.password_reset")
    assert ev.actor_name == "申请人（网上）" and "电子邮件" in ev.note
    assert new not in ev.note + str(ev.after) + str(ev.before)
    # single use: the same link again is refused, and the password stays
    again = client.post(link)
    assert again.status_code == 400 and "已经使用过" in again.content.decode()
    assert _login(client, app.tracking_code, new)


def test_expired_or_tampered_links_are_refused(client, agency_tree, person, monkeypatch):
    app, old, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="pr-2")
    real = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() - password_reset.RESET_MAX_AGE - 60)
    token = password_reset.make_token(app)
    monkeypatch.setattr(signing.time, "time", real)
    url = reverse("applications_public:password_reset_confirm", args=[token])
    resp = client.post(url)
    assert resp.status_code == 400 and "24小时" in resp.content.decode()
    good = password_reset.make_token(app)
    resp = client.post(reverse("applications_public:password_reset_confirm", args=[good[:-2] + "xx"]))
    assert resp.status_code == 400 and "无效" in resp.content.decode()
    assert _login(client, app.tracking_code, old)
    assert not Event.objects.filter(action="application.password_reset").exists()


def test_the_answer_is_the_same_whatever_the_code(client, received, agency_tree, person):
    with_mail, _, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="pr-3")
    by_post = received(D, data={**person, "email": "", "applicant_name": "王五"}, channel="ordinary_post")
    mail.outbox.clear()
    bodies = []
    for i, code in enumerate([with_mail.tracking_code, by_post.tracking_code, "2026-NOSUCH00"]):
        html = _request(client, code, ip=f"10.0.1.{i}").content.decode()
        bodies.append(html.replace(code, ""))
        for secret in ("张三", "王五", person["email"], person["phone"], "zhangsan", agency_tree["dept"].name):
            assert secret not in html
    assert bodies[0] == bodies[1] == bodies[2]
    assert len(mail.outbox) == 1  # only the application with an e-mail address got one


def test_requests_are_rate_limited(client, agency_tree, person):
    app, _, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="pr-4")
    mail.outbox.clear()
    for i in range(password_reset.PER_CODE[0]):
        assert password_reset.ANSWER in _request(client, app.tracking_code, ip=f"10.0.2.{i}").content.decode()
    blocked = _request(client, app.tracking_code, ip="10.0.2.99").content.decode()
    assert "过于频繁" in blocked and len(mail.outbox) == password_reset.PER_CODE[0]
    for i in range(password_reset.PER_CLIENT[0]):
        _request(client, f"2026-NOSUCH{i:02d}", ip="10.0.3.1")
    assert "过于频繁" in _request(client, "2026-NOSUCH99", ip="10.0.3.1").content.decode()


def test_counter_reset_by_an_officer(client, received, staff, person):
    app = received(D, data={**person, "email": ""}, channel="ordinary_post")
    client.force_login(staff["officer"])
    url = reverse("applications:case_act", args=[app.pk, "password_reset"])
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert 'id="case-password_reset"' in page
    # the identity check is part of the form
    resp = client.post(url, {}, follow=True)
    assert "请先当面核验申请人的身份证件" in resp.content.decode()
    assert not Event.objects.filter(action="application.password_reset").exists()
    resp = client.post(url, {"identity_checked": "on"}, follow=True)
    page = resp.content.decode()
    new = re.search(r"新的查询密码为 (\w+)", page).group(1)
    assert _login(client, app.tracking_code, new)
    ev = Event.objects.for_object(app).get(action="application.password_reset")
    assert ev.actor == staff["officer"] and "窗口" in ev.note and new not in ev.note + str(ev.after)
    # shown once: the case page afterwards does not show it
    client.force_login(staff["officer"])
    assert new not in client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    # another agency's officer cannot, the supervisor sees the case but cannot either
    client.force_login(staff["other_officer"])
    assert client.post(url, {"identity_checked": "on"}).status_code == 404
    client.force_login(staff["supervisor"])
    assert client.post(url, {"identity_checked": "on"}).status_code == 403
    assert Event.objects.filter(action="application.password_reset").count() == 1


def test_a_reset_closes_the_status_sessions_opened_with_the_old_password(client, agency_tree, person):
    """Review: the page says "原查询密码已失效", but a status session opened with the old password (by whoever
    had learned it) kept showing the case and its documents after the reset."""
    from django.test import Client

    app, old, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="pr-5")
    assert _login(client, app.tracking_code, old)
    detail = reverse("applications_public:status_detail")
    assert client.get(detail).status_code == 200
    new = actions.reset_query_password(actions.APPLICANT_ONLINE, app, via="email",
                                       link_fingerprint=password_reset.read_token(password_reset.make_token(app))[1])
    resp = client.get(detail)
    assert resp.status_code == 302 and resp["Location"] == reverse("applications_public:status")
    assert client.get(reverse("applications_public:status_receipt")).status_code == 404
    assert client.post(reverse("applications_public:status_withdraw"), {"reason": "x"}).status_code == 404
    app.refresh_from_db()
    assert app.is_open
    fresh = Client()
    assert _login(fresh, app.tracking_code, new) and fresh.get(detail).status_code == 200


def test_the_mailed_link_is_on_the_sites_address_whatever_the_host_header(client, agency_tree, person, settings):
    """Review: the link was built from the request's Host header (any allowed host, e.g. an internal name
    the proxy also answers to); like every other link in mail it is on GONGKAI_SITE_URL."""
    settings.GONGKAI_SITE_URL = "https://gongkai.example.gov.cn"
    settings.ALLOWED_HOSTS = ["gongkai.example.gov.cn", "10.0.0.5"]
    app, _, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="pr-6")
    mail.outbox.clear()
    client.post(reverse("applications_public:password_reset"), {"tracking_code": app.tracking_code},
                REMOTE_ADDR="10.0.4.1", HTTP_HOST="10.0.0.5")
    assert len(mail.outbox) == 1
    assert "https://gongkai.example.gov.cn/" in mail.outbox[0].body and "10.0.0.5" not in mail.outbox[0].body
