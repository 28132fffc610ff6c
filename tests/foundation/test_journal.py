import pytest
from django.db import transaction
from django.urls import reverse

from gongkai.journal.actors import SYSTEM, public
from gongkai.journal.models import Event, ImmutableError
from gongkai.journal.services import record


@pytest.mark.django_db
def test_journal_is_append_only(agency_tree):
    with transaction.atomic():
        ev = record("test.something", actor=SYSTEM, agency=agency_tree["dept"], after={"x": 1})
    ev.note = "changed"
    with pytest.raises(ImmutableError):
        ev.save()
    with pytest.raises(ImmutableError):
        ev.delete()
    with pytest.raises(ImmutableError):
        Event.objects.all().update(note="x")
    with pytest.raises(ImmutableError):
        Event.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction(agency_tree):
    with pytest.raises(RuntimeError):
        record("test.outside", actor=SYSTEM, agency=agency_tree["dept"])


def _rows(html: str) -> str:
    """The journal table's body (the filter form lists every action name, so look only at the rows)."""
    return html[html.index("<tbody>"):html.index("</tbody>")]


@pytest.mark.django_db
def test_auditor_reads_and_filters_the_journal_officer_cannot(client, make_user, agency_tree):
    with transaction.atomic():
        record("disclosure.create", actor=public("甲"), agency=agency_tree["dept"], object_type="x.y", object_id="7")
        record("report.publish", actor=public("乙"), agency=agency_tree["county_dept"])
        record("appeal.created", actor=public("丙"), agency=agency_tree["other"])
    auditor = make_user(agency_tree["county"], "auditor")
    client.force_login(auditor)
    rows = _rows(client.get(reverse("journal:list")).content.decode())
    assert "发布年度报告" in rows and "新建公开信息" not in rows  # only its own subtree
    assert "report.publish" not in rows  # the code never reaches the page
    city_auditor = make_user(agency_tree["city"], "auditor")
    client.force_login(city_auditor)
    rows = _rows(client.get(reverse("journal:list"), {"actor": "甲"}).content.decode())
    assert "新建公开信息" in rows and "登记复议或诉讼" not in rows
    rows = _rows(client.get(reverse("journal:list"), {"object_type": "x.y", "object_id": "7"}).content.decode())
    assert "新建公开信息" in rows and "发布年度报告" not in rows
    rows = _rows(client.get(reverse("journal:list"), {"agency": agency_tree["other"].pk}).content.decode())
    assert "登记复议或诉讼" in rows and "新建公开信息" not in rows
    rows = _rows(client.get(reverse("journal:list"), {"action": "report.publish"}).content.decode())
    assert "发布年度报告" in rows and "新建公开信息" not in rows
    client.force_login(make_user(agency_tree["dept"], "officer"))
    assert client.get(reverse("journal:list")).status_code == 403


@pytest.mark.django_db
def test_journal_date_filters_bound_the_day_of_the_event(client, make_user, agency_tree):
    import datetime as dt

    from django.utils import timezone

    with transaction.atomic():
        record("disclosure.create", actor=public("甲"), agency=agency_tree["dept"])
    day = timezone.localdate(Event.objects.get().at)
    client.force_login(make_user(agency_tree["city"], "auditor"))

    def listed(**params) -> bool:
        return "新建公开信息" in _rows(client.get(reverse("journal:list"), params).content.decode())

    assert listed(**{"from": day.isoformat(), "to": day.isoformat()})
    assert not listed(**{"from": (day + dt.timedelta(days=1)).isoformat()})
    assert not listed(to=(day - dt.timedelta(days=1)).isoformat())
    assert listed(**{"from": "not a date"})  # an unreadable date filters nothing
