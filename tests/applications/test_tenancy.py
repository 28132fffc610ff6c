"""Officers of another agency get 403/404 on every staff URL of a case; the status page leaks nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.applications import actions
from gongkai.applications.available import MENU
from gongkai.applications.models import Application


@pytest.fixture
def case(replied, staff):
    app = replied()
    att_app = app
    from django.core.files.base import ContentFile

    from gongkai.applications.models import Attachment

    Attachment.objects.create(application=att_app, file=ContentFile(b"%PDF-1.4 x", name="a.pdf"), name="a.pdf",
                              size=10, content_type="application/pdf")
    return app


def staff_urls(app):
    att = app.attachments.first()
    urls = [
        ("get", reverse("applications:detail", args=[app.pk])),
        ("get", reverse("applications:letter", args=[app.pk, "docx"])),
        ("get", reverse("applications:letter", args=[app.pk, "pdf"])),
        ("get", reverse("applications:case_file", args=[app.pk])),
        ("get", reverse("applications:case_file", args=[app.pk]) + "?format=pdf"),
        ("get", reverse("applications:attachment", args=[app.pk, att.pk])),
    ]
    urls += [("post", reverse("applications:act", args=[app.pk, name])) for name in MENU.by_name]
    return urls


def test_other_agency_officer_gets_404_everywhere(client, case, staff):
    client.force_login(staff["other_officer"])
    for method, url in staff_urls(case):
        resp = getattr(client, method)(url, {"on": "2026-03-20", "via": "email"} if method == "post" else None)
        assert resp.status_code in (403, 404), url
    for url in (reverse("applications:queue"), reverse("applications:queue") + "?state=all",
                reverse("applications:export") + "?state=all"):
        body = client.get(url).content
        assert case.tracking_code.encode() not in body
    before = Application.objects.get(pk=case.pk)
    assert before.state == "replied" and before.delivered_on is None


def test_other_agency_cannot_act_through_actions(received, staff):
    from django.core.exceptions import PermissionDenied

    app = received(dt.date(2026, 3, 2))
    for call in (lambda: actions.accept(staff["other_officer"], app),
                 lambda: actions.request_correction(staff["other_officer"], app, "x", dt.date(2026, 3, 20),
                                                    on=dt.date(2026, 3, 3)),
                 lambda: actions.reply(staff["other_officer"], app, "disclosed", on=dt.date(2026, 3, 3))):
        with pytest.raises(PermissionDenied):
            call()


def test_anonymous_gets_login_redirect_and_status_needs_password(client, case):
    for method, url in staff_urls(case):
        resp = getattr(client, method)(url)
        assert resp.status_code in (302, 403, 404) and "/accounts/login/" in resp.get("Location", "/accounts/login/")
    for name in ("status_detail",):
        assert client.get(reverse(f"applications_public:{name}")).status_code == 302
    for fmt in ("pdf", "docx"):
        assert client.get(reverse("applications_public:status_letter", args=[fmt])).status_code == 404
    assert client.post(reverse("applications_public:status_correction"), {"text": "x"}).status_code == 404
    assert client.post(reverse("applications_public:status_withdraw")).status_code == 404
