"""Malformed numbers in query strings and forms get a Chinese message or a 404, never a 500."""

from django.urls import reverse

from gongkai.journal.actors import SYSTEM
from gongkai.reports import actions
from gongkai.reports.models import AnnualReport

from .helpers import complete

BAD = ("0", "99999", "x", "²", "2021.0", "-5", " ")


def test_public_list_with_a_bad_year(agency_tree, client):
    report = complete(actions.create_report(SYSTEM, agency_tree["dept"], 2021))
    report = actions.publish(SYSTEM, actions.mark_reviewed(SYSTEM, report))
    url = reverse("reports_public:list")
    for year in BAD:
        resp = client.get(url, {"year": year})
        page = resp.content.decode()
        assert resp.status_code == 200, year
        assert report.title in page, year  # the filter is ignored, every year listed
        assert ("不正确" in page) == bool(year.strip()), year
    assert report.title in client.get(url, {"year": "2021"}).content.decode()
    assert report.title not in client.get(url, {"year": "2020"}).content.decode()


def test_create_with_a_bad_year_or_agency(agency_tree, make_user, client):
    dept = agency_tree["dept"]
    client.force_login(make_user(dept, "officer"))
    for year in (*BAD, ""):
        resp = client.post(reverse("reports:create"), {"agency": dept.pk, "year": year}, follow=True)
        assert resp.status_code == 200 and "报告年度" in resp.content.decode(), year
    for agency in ("x", "²", "", "0", "99999999999999999999"):
        resp = client.post(reverse("reports:create"), {"agency": agency, "year": "2021"}, follow=True)
        assert resp.status_code == 200 and "请选择编制报告的机关" in resp.content.decode(), agency
    other = agency_tree["other"]  # a real agency outside the user's scope
    assert client.post(reverse("reports:create"), {"agency": other.pk, "year": "2021"}).status_code == 404
    assert not AnnualReport.objects.exists()


def test_members_with_bad_ids(agency_tree, make_user, client):
    sup = make_user(agency_tree["city"], "supervisor")
    report = actions.create_report(sup, agency_tree["city"], 2021, rollup=True, members=[agency_tree["dept"]])
    client.force_login(sup)
    resp = client.post(reverse("reports:act", args=[report.pk, "members"]),
                       {"members": ["²", "x", "", str(agency_tree["other"].pk)]})
    assert resp.status_code == 302
    assert list(report.members.all()) == [agency_tree["other"]]
