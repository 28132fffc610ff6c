"""Applicants' attachments live in private storage (outside the public MEDIA_ROOT), under random names."""

import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications import actions
from gongkai.applications.models import Attachment

PDF = b"%PDF-1.4 secret applicant id card scan"


def _pdf(name="身份证.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_attachment_is_private_random_and_served_only_to_staff_and_applicant(client, agency_tree, person, staff,
                                                                            settings):
    app, password, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="p1", files=[_pdf()])
    att = Attachment.objects.get(application=app)
    path = Path(att.file.path).resolve()
    media, private = Path(settings.MEDIA_ROOT).resolve(), Path(settings.GONGKAI_PRIVATE_ROOT).resolve()
    assert path.is_file() and path.read_bytes() == PDF
    assert private in path.parents and media not in path.parents
    assert att.name == "身份证.pdf" and "身份证" not in att.file.name
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", path.name) and f"/{app.pk}/" not in att.file.name
    # neither the stored name nor the old guessable path is reachable under /media/
    for name in (att.file.name, f"applications/{app.agency_id}/{app.pk}/身份证.pdf"):
        assert client.get(settings.MEDIA_URL + name).status_code == 404
    # not reachable without a login or the status session
    url_staff = reverse("applications:attachment", args=[app.pk, att.pk])
    url_public = reverse("applications_public:status_attachment", args=[att.pk])
    assert client.get(url_public).status_code == 404
    assert client.get(url_staff).status_code in (302, 403)
    # an officer of another agency cannot see it; the handling agency's officer can
    client.force_login(staff["other_officer"])
    assert client.get(url_staff).status_code == 404
    client.force_login(staff["officer"])
    resp = client.get(url_staff)
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == PDF
    assert "attachment" in resp["Content-Disposition"]
    client.logout()
    # the applicant, after unlocking the status page, sees and downloads it
    client.post(reverse("applications_public:status"), {"tracking_code": app.tracking_code, "password": password})
    page = client.get(reverse("applications_public:status_detail")).content.decode()
    assert url_public in page and "身份证.pdf" in page
    resp = client.get(url_public)
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == PDF


def test_status_session_cannot_open_another_applications_attachment(client, agency_tree, person):
    other, _, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="p2", files=[_pdf("a.pdf")])
    mine, password, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="p3")
    client.post(reverse("applications_public:status"), {"tracking_code": mine.tracking_code, "password": password})
    theirs = other.attachments.get()
    assert client.get(reverse("applications_public:status_attachment", args=[theirs.pk])).status_code == 404


def test_rows_saved_under_media_root_before_the_move_still_open(client, agency_tree, person, staff, settings):
    app, _, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="p4")
    old_name = f"applications/{app.agency_id}/{app.pk}/old.pdf"
    old = Path(settings.MEDIA_ROOT) / old_name
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(PDF)
    att = Attachment.objects.create(application=app, file=old_name, name="old.pdf", size=len(PDF),
                                    content_type="application/pdf")
    client.force_login(staff["officer"])
    resp = client.get(reverse("applications:attachment", args=[app.pk, att.pk]))
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == PDF
