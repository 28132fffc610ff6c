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


@pytest.mark.django_db
def test_auditor_reads_and_filters_the_journal_officer_cannot(client, make_user, agency_tree):
    with transaction.atomic():
        record("alpha.done", actor=public("甲"), agency=agency_tree["dept"], object_type="x.y", object_id="7")
        record("beta.done", actor=public("乙"), agency=agency_tree["county_dept"])
        record("gamma.done", actor=public("丙"), agency=agency_tree["other"])
    auditor = make_user(agency_tree["county"], "auditor")
    client.force_login(auditor)
    html = client.get(reverse("journal:list")).content.decode()
    assert "beta.done" in html and "alpha.done" not in html  # only its own subtree
    city_auditor = make_user(agency_tree["city"], "auditor")
    client.force_login(city_auditor)
    html = client.get(reverse("journal:list"), {"actor": "甲"}).content.decode()
    assert "alpha.done" in html and "gamma.done" not in html
    html = client.get(reverse("journal:list"), {"object_type": "x.y", "object_id": "7"}).content.decode()
    assert "alpha.done" in html and "beta.done" not in html
    html = client.get(reverse("journal:list"), {"agency": agency_tree["other"].pk}).content.decode()
    assert "gamma.done" in html and "alpha.done" not in html
    client.force_login(make_user(agency_tree["dept"], "officer"))
    assert client.get(reverse("journal:list")).status_code == 403
