"""Issue 15.5: attachments of draft and withdrawn (撤回) disclosure items must not be downloadable.

They live in private storage (never under MEDIA_ROOT, no /media/ address) and are served only by a view that
checks the item is public now."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from gongkai.disclosures import actions

PDF = b"%PDF-1.4\n%attachment under test\n%%EOF\n"


@pytest.fixture
def staff(agency_tree, make_user):
    dept = agency_tree["dept"]
    return {"agency": dept, "officer": make_user(dept, "officer"), "reviewer": make_user(dept, "reviewer"),
            "secrecy": make_user(dept, "secrecy_reviewer"), "outsider": make_user(agency_tree["other"], "officer")}


@pytest.fixture
def storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGKAI_PRIVATE_ROOT = tmp_path / "private"
    return tmp_path


def links(client, item) -> list[str]:
    html = client.get(item.get_absolute_url()).content.decode()
    return [part.split('"')[0] for part in html.split('href="')[1:] if "/attachments/" in part.split('"')[0]]


@pytest.mark.django_db
def test_a_draft_attachment_is_private_and_not_served(client, staff, storage):
    item = actions.create_item(staff["officer"], staff["agency"], {"title": "草稿", "formed_on": dt.date(2020, 1, 2)})
    att = actions.add_attachment(staff["officer"], item, "草稿.pdf", PDF)
    assert not list((storage / "media").rglob("*.pdf"))  # nothing under the public MEDIA_ROOT
    assert [p.read_bytes() for p in (storage / "private").rglob("*.pdf")] == [PDF]
    assert client.get(f"/media/{att.file.name}").status_code == 404
    url = reverse("disclosures_public:attachment", args=[item.agency.slug, item.pk, att.pk])
    assert client.get(url).status_code == 404
    # the officer who drafts it can open it through the staff view
    client.force_login(staff["officer"])
    resp = client.get(reverse("disclosures:attachment", args=[item.pk, att.pk]))
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == PDF
    client.force_login(staff["outsider"])  # another agency's officer cannot
    assert client.get(reverse("disclosures:attachment", args=[item.pk, att.pk])).status_code == 404


@pytest.mark.django_db
def test_a_withdrawn_items_attachment_stops_being_served(client, staff, storage):
    item = actions.create_item(staff["officer"], staff["agency"], {"title": "公报", "formed_on": dt.date(2020, 1, 2)})
    att = actions.add_attachment(staff["officer"], item, "公报.pdf", PDF)
    actions.submit_item(staff["officer"], item)
    actions.approve_content(staff["reviewer"], item)
    item = actions.approve_secrecy(staff["secrecy"], item)
    [link] = links(client, item)  # the public page links to the checking view, not to /media/
    assert not link.startswith("/media/")
    resp = client.get(link)
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == PDF
    actions.withdraw_item(staff["reviewer"], item, "内容有误，撤回")
    assert client.get(link).status_code == 404
    assert client.get(f"/media/{att.file.name}").status_code == 404
    assert Path(att.file.path).is_relative_to(storage / "private")
