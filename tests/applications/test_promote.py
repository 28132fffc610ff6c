"""Issue 9 item 5 (《条例》第四十四条): "转为主动公开" from one case (case page) or several (the list's bulk
action) creates a disclosure-item draft through disclosures' own create action (journaled, scoped), linked
back to the cases; the cases show the link and the draft its source cases. Only the handling agency's
officers (who draft disclosure items) may do it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.applications import actions
from gongkai.disclosures.actions import EDIT_ROLES
from gongkai.disclosures.models import DisclosureItem, Status
from gongkai.journal.models import Event

D = dt.date(2026, 3, 2)


def test_promote_roles_are_the_disclosure_drafters():
    assert tuple(actions.PROMOTE_ROLES) == tuple(EDIT_ROLES)


def test_from_the_case_page(client, received, staff):
    app = received(D)
    client.force_login(staff["officer"])
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert 'id="case-promote"' in page and "2025年统计公报" in page  # the title proposed
    resp = client.post(reverse("applications:case_act", args=[app.pk, "promote"]), {"title": "2025年全市统计公报"})
    assert resp.status_code == 302
    item = DisclosureItem.objects.get()
    assert item.status == Status.DRAFT and item.agency_id == app.agency_id and item.title == "2025年全市统计公报"
    assert list(item.source_applications.all()) == [app]
    # journaled: the draft by disclosures' create action, the case by its own event
    created = Event.objects.for_object(item).get(action="disclosure.create")
    assert created.actor == staff["officer"] and app.tracking_code in created.note and "第四十四条" in created.note
    ev = Event.objects.for_object(app).get(action="application.promoted")
    assert ev.actor == staff["officer"] and item.title in ev.note
    # the case links to the draft, the draft to the case
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert 'id="promoted"' in page and reverse("disclosures:detail", args=[item.pk]) in page
    page = client.get(reverse("disclosures:detail", args=[item.pk])).content.decode()
    assert 'id="source-cases"' in page and reverse("applications:detail", args=[app.pk]) in page


def test_bulk_from_the_list(client, received, staff, person):
    a = received(D)
    b = received(D + dt.timedelta(days=1), data={**person, "applicant_name": "李四", "id_number": "510502198001011112"})
    client.force_login(staff["officer"])
    page = client.get(reverse("applications:queue") + "?state=all").content.decode()
    assert 'form="bulk-promote"' in page and 'id="bulk-promote"' in page
    resp = client.post(reverse("applications:promote"), {"ids": [a.pk, b.pk], "title": ""})
    item = DisclosureItem.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("disclosures:detail", args=[item.pk])
    assert set(item.source_applications.all()) == {a, b} and item.title == "2025年统计公报"
    assert Event.objects.filter(action="application.promoted").count() == 2
    # nothing ticked: a message, nothing made
    resp = client.post(reverse("applications:promote"), {"title": "x"}, follow=True)
    assert "请先在列表中勾选" in resp.content.decode() and DisclosureItem.objects.count() == 1


def test_only_officers_of_the_handling_agency(client, received, staff, agency_tree):
    app = received(D)
    theirs = received(D, agency=agency_tree["other"])
    # the reviewer handles cases but does not draft disclosure items
    client.force_login(staff["reviewer"])
    assert 'id="case-promote"' not in client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert client.post(reverse("applications:case_act", args=[app.pk, "promote"]), {"title": "t"}).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.promote_to_proactive(staff["reviewer"], [app])
    # the supervisor sees the case, acts on nothing
    client.force_login(staff["supervisor"])
    assert client.post(reverse("applications:case_act", args=[app.pk, "promote"]), {"title": "t"}).status_code == 403
    assert client.post(reverse("applications:promote"), {"ids": [app.pk]}).status_code == 403
    # another agency's officer: not even visible
    client.force_login(staff["other_officer"])
    assert client.post(reverse("applications:case_act", args=[app.pk, "promote"]), {"title": "t"}).status_code == 404
    assert client.post(reverse("applications:promote"), {"ids": [app.pk, theirs.pk]}).status_code == 404
    # cases of two agencies never make one draft
    with pytest.raises(ValidationError, match="不同机关"):
        actions.promote_to_proactive(staff["officer"], [app, theirs])
    assert not DisclosureItem.objects.exists() and not Event.objects.filter(action="application.promoted").exists()
