"""Issue 9 item 3: a reply carries the information provided as files (checked by common.uploads, private
storage); the applicant downloads them from the status page; a file that is not what its name says is refused."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications import views_public
from gongkai.applications.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _reply(client, app, files):
    return client.post(reverse("applications:act", args=[app.pk, "reply"]), {
        "on": "2026-03-10", "outcome": "disclosed", "basis": "", "text": "现将该信息提供给您，见附件。",
        "attachments": files})


def test_reply_with_attachment_downloaded_from_the_status_page(client, received, staff):
    app = received(dt.date(2026, 3, 2))
    client.force_login(staff["officer"])
    resp = _reply(client, app, [SimpleUploadedFile("2025年统计公报.pdf", PDF, content_type="application/pdf")])
    assert resp.status_code == 302
    att = Attachment.objects.get(application=app, kind="reply")
    assert att.name == "2025年统计公报.pdf" and "2025年统计公报" not in att.file.name  # random stored name
    client.logout()
    session = client.session
    session[views_public.SESSION_STATUS] = app.pk
    session[views_public.SESSION_STATUS_KEY] = views_public.passwords.fingerprint(app.query_password_hash)
    session.save()
    page = client.get(reverse("applications_public:status_detail")).content.decode()
    url = reverse("applications_public:status_attachment", args=[att.pk])
    assert url in page and "答复材料" in page
    got = client.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert "attachment" in got["Content-Disposition"]


def test_reply_attachment_with_wrong_content_is_refused_in_chinese(client, received, staff):
    app = received(dt.date(2026, 3, 2))
    client.force_login(staff["officer"])
    resp = _reply(client, app, [SimpleUploadedFile("信息.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")])
    app.refresh_from_db()
    assert app.is_open and not Attachment.objects.filter(application=app).exists()
    body = resp.content.decode() if resp.status_code == 200 else client.get(resp["Location"]).content.decode()
    assert "“信息.pdf”的内容与扩展名 .pdf 不符" in body
