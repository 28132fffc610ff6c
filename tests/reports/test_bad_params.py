"""Malformed numbers in query strings and forms get a Chinese message or a 404, never a 500."""

import pytest
from django.urls import reverse

from gongkai.reports import actions
from gongkai.reports.models import AnnualReport

BAD = ("0", "99999", "x", "²", "", "2021.0", "-5")


@pytest.mark.parametrize("year", BAD)
def test_public_list_with_a_bad_year(year_2021, client, year):
    report = actions.publish(None, actions.mark_reviewed(None, actions.create_report(None, year_2021, 2021)))
    resp = client.get(reverse("reports_public:list"), {"year": year})
    page = resp.content.decode()
    assert resp.status_code == 200
    assert report.title in page  # the filter is ignored, every year listed
    assert ("不正确" in page) == (year != "")


def test_public_list_filters_a_good_year(year_2021, client):
    report = actions.publish(None, actions.mark_reviewed(None, actions.create_report(None, year_2021, 2021)))
    assert report.title in client.get(reverse("reports_public:list"), {"year": "2021"}).content.decode()
    assert report.title not in client.get(reverse("reports_public:list"), {"year": "2020"}).content.decode()


@pytest.mark.parametrize("year", BAD)
def test_create_with_a_bad_year(year_2021, make_user, client, year):
    client.force_login(make_user(year_2021, "officer"))
    resp = client.post(reverse("reports:create"), {"agency": year_2021.pk, "year": year}, follow=True)
    assert resp.status_code == 200
    assert "报告年度" in resp.content.decode()
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("agency", ("x", "²", "", "0", "99999999999999999999"))
def test_create_with_a_bad_agency(year_2021, make_user, client, agency):
    client.force_login(make_user(year_2021, "officer"))
    resp = client.post(reverse("reports:create"), {"agency": agency, "year": "2021"}, follow=True)
    assert resp.status_code in (200, 404)
    assert not AnnualReport.objects.exists()


def test_members_with_bad_ids(year_2021, agency_tree, make_user, client):
    sup = make_user(agency_tree["city"], "supervisor")
    report = actions.create_report(sup, agency_tree["city"], 2021, rollup=True, members=[year_2021])
    client.force_login(sup)
    resp = client.post(reverse("reports:members", args=[report.pk]),
                       {"members": ["²", "x", str(agency_tree["other"].pk)]})
    assert resp.status_code == 302
    assert list(report.members.all()) == [agency_tree["other"]]
