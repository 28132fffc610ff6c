"""Issue 9 item 6: the officer sees the same applicant's earlier cases (ID number, or name + phone) and earlier
cases asking for nearly the same information, with links; scoped to what the officer may see; bounded by one
query (same agency, last years, LIMIT); nothing is closed by itself."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.applications import related
from gongkai.applications.models import Application

from .signoff import reply_signed

D = dt.date(2026, 3, 2)


def _data(person, **changes):
    return {**person, **changes}


def test_same_applicant_by_id_number_or_by_name_and_phone(received, person, staff):
    by_id = received(D, data=_data(person, phone="13900000000", info_name="甲", info_description="甲信息"))
    by_name_phone = received(D, data=_data(person, id_number="", id_type="", info_name="乙", info_description="乙信息",
                                           applicant_type="other", credit_code="X1"))
    stranger = received(D, data=_data(person, applicant_name="李四", id_number="510502198001011112",
                                      phone="13700000000", info_name="丙", info_description="丙信息"))
    new = received(D + dt.timedelta(days=3))
    found = [r.app.pk for r in related.same_applicant(staff["officer"], new)]
    assert set(found) == {by_id.pk, by_name_phone.pk} and stranger.pk not in found
    # earlier only: the first case does not list the later ones
    assert related.same_applicant(staff["officer"], by_id) == []


def test_similar_requests_are_scored_and_ranked(received, person, staff):
    near = received(D, data=_data(person, applicant_name="李四", id_number="510502198001011112", phone="137",
                                  info_name="", info_description="请提供2025年全市统计公报全文"))
    far = received(D, data=_data(person, applicant_name="王五", id_number="51050219810101111X", phone="136",
                                 info_name="", info_description="某小区供暖收费标准"))
    new = received(D + dt.timedelta(days=1), data=_data(person, applicant_name="赵六", id_number="510502198201011117",
                                                        phone="135"))
    hits = related.similar_requests(staff["officer"], new)
    assert [r.app.pk for r in hits] == [near.pk] and far.pk not in [r.app.pk for r in hits]
    assert 60 <= hits[0].percent <= 100


def test_scoped_and_same_agency_only(received, agency_tree, person, staff):
    elsewhere = received(D, agency=agency_tree["other"])  # same person, same request, another agency
    new = received(D + dt.timedelta(days=1))
    assert related.related(staff["officer"], new) == {"same_applicant": [], "similar": []}
    # the other agency's officer does not see our case as earlier for theirs either (not visible to them)
    later_there = received(D + dt.timedelta(days=2), agency=agency_tree["other"])
    found = related.related(staff["other_officer"], later_there)
    assert [r.app.pk for r in found["same_applicant"]] == [elsewhere.pk]
    assert new.pk not in [r.app.pk for r in found["same_applicant"] + found["similar"]]


def test_candidates_are_bounded_by_one_query(received, person, staff, monkeypatch):
    first = received(D)
    rows = [Application(agency=first.agency, tracking_code=f"2026-B{i:07d}", applicant_type="natural_person",
                        applicant_name="某", info_description=f"第{i}件", channel="in_person", arrival_date=D)
            for i in range(30)]
    Application.objects.bulk_create(rows)
    old = Application(agency=first.agency, tracking_code="2020-OLD00001", applicant_type="natural_person",
                      applicant_name=person["applicant_name"], id_number=person["id_number"],
                      info_description=person["info_description"], channel="in_person", arrival_date=dt.date(2020, 1, 5))
    old.save()  # older than the YEARS_BACK window: not a candidate
    new = received(D + dt.timedelta(days=1))
    monkeypatch.setattr(related, "MAX_CANDIDATES", 10)
    with CaptureQueriesContext(connection) as ctx:
        found = related.related(staff["officer"], new)
    app_queries = [q["sql"] for q in ctx.captured_queries if "applications_application" in q["sql"]]
    # one for the same applicant, one for the candidates of the similarity: both bounded (agency, years, LIMIT)
    bounded = [sql for sql in app_queries if "LIMIT" in sql.upper()]
    assert len(bounded) == 2 and all('"arrival_date" >=' in sql and '"agency_id" =' in sql for sql in bounded)
    assert [sql for sql in app_queries if sql not in bounded] == []  # no hit among the 10 newest: no more
    assert found["similar"] == []  # the first case (same text) is older than the 10 newest candidates
    assert [r.app.pk for r in found["same_applicant"]] == [first.pk]
    # with room for it, the first case is a hit; only the hits are then read as rows, by primary key
    monkeypatch.setattr(related, "MAX_CANDIDATES", 100)
    with CaptureQueriesContext(connection) as ctx:
        found = related.related(staff["officer"], new)
    app_queries = [q["sql"] for q in ctx.captured_queries if "applications_application" in q["sql"]]
    rest = [sql for sql in app_queries if "LIMIT" not in sql.upper()]
    assert len(app_queries) == 3 and len(rest) == 1 and '"id" IN' in rest[0]
    assert [r.app.pk for r in found["similar"]] == [first.pk]
    assert old.pk not in [r.app.pk for r in found["same_applicant"] + found["similar"]]  # beyond YEARS_BACK


def test_case_page_and_registration_show_them_and_nothing_is_closed(client, received, staff, person):
    earlier = received(D)
    client.force_login(staff["officer"])
    data = {**person, "agency": earlier.agency_id, "channel": "in_person", "arrival_date": "2026-03-05"}
    resp = client.post(reverse("applications:register"), data, follow=True)
    page = resp.content.decode()
    assert "同一申请人的较早申请 1 件" in page and "内容相近的较早申请 1 件" in page
    assert reverse("applications:detail", args=[earlier.pk]) in page and 'id="related-similar"' in page
    new = Application.objects.exclude(pk=earlier.pk).get()
    for app in (earlier, new):
        app.refresh_from_db()
        assert app.is_open and not app.outcome  # the platform decides nothing
    # a supervisor sees the case page too, with the same links (their scope includes the department)
    client.force_login(staff["supervisor"])
    page = client.get(reverse("applications:detail", args=[new.pk])).content.decode()
    assert earlier.tracking_code in page
    reply_signed(staff["officer"], staff["reviewer"], earlier, "not_held", on=dt.date(2026, 3, 10))
    client.force_login(staff["officer"])
    page = client.get(reverse("applications:detail", args=[new.pk])).content.decode()
    assert "经检索没有所申请的信息" in page  # the earlier case's outcome is shown beside its link


def test_registration_computes_them_once(client, received, staff, person, monkeypatch):
    """Issue 11 item 4 (regression): registering computed the earlier and similar requests for its message,
    then the case page it leads to computed them again; now once, on the case page, which says so."""
    earlier = received(D)
    calls = []
    real = related.related
    monkeypatch.setattr(related, "related", lambda user, app: calls.append(app.pk) or real(user, app))
    client.force_login(staff["officer"])
    data = {**person, "agency": earlier.agency_id, "channel": "in_person", "arrival_date": "2026-03-05"}
    page = client.post(reverse("applications:register"), data, follow=True).content.decode()
    new = Application.objects.exclude(pk=earlier.pk).get()
    assert calls == [new.pk]
    assert "同一申请人的较早申请 1 件" in page and "内容相近的较早申请 1 件" in page
    # the notice belongs to the registration: opening the case page again shows the list, not the notice
    page = client.get(reverse("applications:detail", args=[new.pk])).content.decode()
    assert "同一申请人的较早申请 1 件" not in page and earlier.tracking_code in page and len(calls) == 2
