"""Public intake, receipt, and status lookup (tracking code + password)."""

import datetime as dt
import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications import actions
from gongkai.applications.models import Application


def _post_apply(client, agency, person, token="tok-A", **extra):
    data = {**person, "agency": agency.pk, "token": token, "confirm": "on", **extra}
    return client.post(reverse("applications_public:apply"), data)


def test_apply_confirmation_receipt_and_double_submit(client, agency_tree, person,
                                                     django_capture_on_commit_callbacks):
    page = client.get(reverse("applications_public:apply"))
    assert page.status_code == 200 and "申请政府信息公开" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        resp = _post_apply(client, agency_tree["dept"], person)
    assert resp.status_code == 302
    done = client.get(resp["Location"]).content.decode()
    app = Application.objects.get()
    password = re.search(r'id="query-password">(\w+)<', done).group(1)
    assert app.tracking_code in done and password not in resp["Location"]
    receipt = client.get(reverse("applications_public:receipt")).content.decode()
    assert "政府信息公开申请回执" in receipt and app.tracking_code in receipt and password in receipt
    # the same form posted again (double click, back + resubmit): still one application
    again = _post_apply(client, agency_tree["dept"], person)
    assert again.status_code == 302 and Application.objects.count() == 1
    assert "不会重复登记" in client.get(again["Location"]).content.decode()
    # the applicant got a message (huey immediate mode runs the task)
    assert any(app.tracking_code in m.body for m in mail.outbox)


def test_apply_errors_are_chinese_and_keep_input(client, agency_tree, person):
    resp = _post_apply(client, agency_tree["dept"], {**person, "id_number": "123", "email": ""})
    body = resp.content.decode()
    assert resp.status_code == 200 and "18位" in body and "请填写电子邮箱" in body
    assert "2025年全市统计公报全文" in body and Application.objects.count() == 0


def test_attachments_checked_by_type_and_size(client, agency_tree, person, settings):
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    resp = _post_apply(client, agency_tree["dept"], person, attachments=bad)
    assert "类型不支持" in resp.content.decode() and Application.objects.count() == 0
    fake_pdf = SimpleUploadedFile("x.pdf", b"hello world", content_type="application/pdf")
    assert "不符" in _post_apply(client, agency_tree["dept"], person, token="t2", attachments=fake_pdf).content.decode()
    settings.GONGKAI_UPLOAD_MAX_BYTES = 10
    big = SimpleUploadedFile("id.pdf", b"%PDF-1.4 " + b"x" * 100, content_type="application/pdf")
    assert "超过" in _post_apply(client, agency_tree["dept"], person, token="t3", attachments=big).content.decode()
    settings.GONGKAI_UPLOAD_MAX_BYTES = 10_000
    ok = SimpleUploadedFile("id.pdf", b"%PDF-1.4 " + b"x" * 100, content_type="application/pdf")
    assert _post_apply(client, agency_tree["dept"], person, token="t4", attachments=ok).status_code == 302
    assert Application.objects.get().attachments.get().name == "id.pdf"


def test_apply_is_rate_limited(client, agency_tree, person):
    for i in range(10):
        assert _post_apply(client, agency_tree["dept"], person, token=f"r{i}").status_code == 302
    resp = _post_apply(client, agency_tree["dept"], person, token="r-last")
    assert resp.status_code == 200 and "提交过于频繁" in resp.content.decode()
    assert Application.objects.count() == 10


def _login_status(client, code, password):
    return client.post(reverse("applications_public:status"), {"tracking_code": code, "password": password})


def test_status_wrong_password_reveals_nothing(client, agency_tree, person):
    app, password, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="s1")
    wrong = _login_status(client, app.tracking_code, "wrongpass").content.decode()
    unknown = _login_status(client, "2026-NOSUCH00", "wrongpass").content.decode()
    for body in (wrong, unknown):
        assert "查询码或查询密码不正确" in body
        for secret in ("张三", "统计公报", "510502", "1380000", app.agency.name):
            assert secret not in body
    assert client.get(reverse("applications_public:status_detail")).status_code == 302
    assert client.get(reverse("applications_public:status_letter", args=["pdf"])).status_code == 404
    # repeated failures make this client wait, even with the right password (tests/security has the rest)
    for _ in range(10):
        _login_status(client, app.tracking_code, "wrongpass")
    assert "失败次数较多" in _login_status(client, app.tracking_code, password).content.decode()


def test_status_shows_correction_accepts_answer_and_shows_reply(client, received, staff, agency_tree, person):
    app, password = actions.register(staff["officer"], agency_tree["dept"], person, channel="in_person",
                                     arrival=dt.date(2026, 3, 2))
    actions.request_correction(staff["officer"], app, "请写明年份", dt.date(2026, 3, 20), on=dt.date(2026, 3, 3))
    resp = _login_status(client, app.tracking_code, password)
    assert resp.status_code == 302
    page = client.get(resp["Location"]).content.decode()
    assert "请写明年份" in page and "提交补正" in page
    r = client.post(reverse("applications_public:status_correction"), {"text": "2025年的公报"})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.correction_answer == "2025年的公报" and not app.awaiting_correction
    actions.reply(staff["officer"], app, "already_public", text="请登录本局网站查看。", on=app.correction_received_on)
    page = client.get(reverse("applications_public:status_detail")).content.decode()
    assert "请登录本局网站查看。" in page and "下载告知书" in page
    pdf = client.get(reverse("applications_public:status_letter", args=["pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_status_withdraw(client, agency_tree, person):
    app, password, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="w1")
    _login_status(client, app.tracking_code, password)
    client.post(reverse("applications_public:status_withdraw"), {"reason": "不需要了"})
    app.refresh_from_db()
    assert app.outcome == "withdrawn" and app.outcome_row == "r6_3"


def test_the_form_token_cannot_take_an_integrations_key_or_overflow_the_column(client, agency_tree, person):
    """Review: the hidden `token` was any text, so a stranger could submit the public form with the key an
    API integration's `external_id` maps to ("api<token id>:<id>"): the integration's registration then
    answered "already registered" with the stranger's case and the real application was never registered.
    A token over 64 characters (the column) made PostgreSQL fail with a 500."""
    import json

    from gongkai.api.actions import create_token
    from gongkai.journal.actors import SYSTEM

    api_token, secret = create_token(SYSTEM, agency_tree["dept"], "12345热线", ["applications.register"])
    for bad in (f"api{api_token.pk}:12345-0001", "demo:app-1", "x" * 65):
        resp = _post_apply(client, agency_tree["dept"], person, token=bad)
        assert resp.status_code == 200 and "请刷新页面" in resp.content.decode(), bad
    assert not Application.objects.exists()
    body = {"external_id": "12345-0001", "channel": "in_person", "arrival_date": "2026-03-02",
            **{k: person[k] for k in ("applicant_type", "applicant_name", "id_type", "id_number", "phone",
                                      "info_description")}}
    r = client.post("/api/v1/applications", data=json.dumps(body), content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert r.status_code == 201 and r.json()["created"] is True, r.content
    # the form as the portal renders it (a uuid hex) still submits
    assert _post_apply(client, agency_tree["dept"], person, token="0f" * 16).status_code == 302
