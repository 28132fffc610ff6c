"""Issue 15 item 13: the auditor reads in the journal who did what, when, to which record — not the business
text (request descriptions, names, reasons) that the events' before/after and notes carry."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.applications import actions as app_actions

SECRET_DESCRIPTION = "请公开某某小区拆迁补偿明细（内部线索）"


@pytest.fixture
def events(agency_tree, make_user, calendar):
    dept = agency_tree["dept"]
    officer = make_user(dept, "officer", username="j_officer")
    person = {
        "applicant_type": "natural_person", "applicant_name": "王五", "id_type": "id_card",
        "id_number": "510502199001191234", "phone": "13800001234", "email": "",
        "address": "泸州市", "info_name": "拆迁补偿明细", "info_description": SECRET_DESCRIPTION,
        "provision_form": "electronic", "delivery_method": "post",
    }
    app, _ = app_actions.register(officer, dept, person, channel="in_person", arrival=dt.date(2026, 3, 2))
    return {"app": app, "officer": officer,
            "auditor": make_user(agency_tree["city"], "auditor", username="j_auditor"),
            "supervisor": make_user(agency_tree["city"], "supervisor", username="j_supervisor")}


@pytest.mark.django_db
def test_auditor_sees_who_what_when_but_not_business_text(client, events):
    client.force_login(events["auditor"])
    resp = client.get(reverse("journal:list"))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "拆迁补偿" not in html and "王五" not in html
    from gongkai.journal.display import describe
    from gongkai.journal.models import Event

    registered = Event.objects.get(action="application.registered")
    assert describe(registered)["label"] in html  # what (in Chinese)
    assert "j_officer" in html  # who
    assert f"（编号 {events['app'].pk}）" in html and events["app"].tracking_code in html  # to which record
    assert "（已隐去）" in html


@pytest.mark.django_db
def test_supervisor_still_reads_the_events_in_full(client, events):
    client.force_login(events["supervisor"])
    html = client.get(reverse("journal:list")).content.decode()
    assert "拆迁补偿" in html
