"""The government-level report: sums its members' tables (its own + chosen departments) and shows
which members have errors or have not published by the deadline."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.journal.actors import SYSTEM
from gongkai.reports import actions
from gongkai.reports.compute import compute
from gongkai.reports.government import member_statuses
from gongkai.reports.models import State

from . import ledger
from .helpers import complete

D = dt.date


@pytest.fixture
def city_2021(year_2021, agency_tree):
    city = agency_tree["city"]
    ledger.application(city, D(2021, 3, 1), "business", closed=D(2021, 3, 10), outcome_row="r1")
    ledger.appeal(city, "lawsuit_after_reconsideration", D(2021, 4, 1), "upheld", D(2021, 6, 1))
    ledger.item(city, D(2021, 3, 3), channels=("website", "weibo"))
    return agency_tree


def test_rollup_sums_members_and_shows_their_state(city_2021, make_user):
    tree = city_2021
    city, dept, other = tree["city"], tree["dept"], tree["other"]
    dept_report = complete(actions.create_report(SYSTEM, dept, 2021))
    dept_report = actions.publish(SYSTEM, actions.mark_reviewed(SYSTEM, dept_report))
    report = actions.create_report(SYSTEM, city, 2021, rollup=True, members=[dept, other])
    data = report.report_data
    parts = [dept_report.report_data, compute(city, 2021), compute(other, 2021)]
    for label, values in data.table3.items():
        assert values == [sum(p.table3[label][i] for p in parts) for i in range(7)]
    assert data.table4 == [sum(p.table4[i] for p in parts) for i in range(15)]
    assert data.table4[10] == 1  # the city's own lawsuit after reconsideration
    assert "新收政府信息公开申请11件" in data.sections["一"]  # 9 (department) + 1 (other) + 1 (city)
    assert "累计主动公开政府信息17条" in data.sections["一"]  # 15 + 2 publications of the city
    statuses = {s.agency.name: s for s in member_statuses(report, today=D(2022, 2, 10))}
    assert statuses[dept.name].published and statuses[dept.name].source == "已发布的部门报告"
    assert not statuses[other.name].published and statuses[other.name].late  # past 31 January
    assert statuses[city.name].deadline == D(2022, 3, 31)
    early = {s.agency.name: s for s in member_statuses(report, today=D(2022, 1, 20))}
    assert not early[other.name].late
    # members with errors are flagged
    ledger.application(other, D(2021, 8, 1), closed=D(2021, 8, 2))  # closed without an outcome: L1
    complete(actions.create_report(SYSTEM, other, 2021))
    statuses = {s.agency.name: s for s in member_statuses(report, today=D(2022, 1, 20))}
    assert statuses[other.name].errors == 2 and statuses[other.name].problem  # L1 in 自然人 and 总计


def test_members_can_be_changed_and_must_be_below(city_2021):
    tree = city_2021
    report = actions.create_report(SYSTEM, tree["city"], 2021, rollup=True, members=[tree["dept"]])
    n_with_dept = report.report_data.t3("new")[6]
    report = actions.set_members(SYSTEM, report, [])
    assert report.report_data.t3("new")[6] == n_with_dept - 9
    with pytest.raises(ValidationError, match="不是“测试县人民政府”的下属机关"):
        county = actions.create_report(SYSTEM, tree["county"], 2021, rollup=True)
        actions.set_members(SYSTEM, county, [tree["dept"]])


def test_rollup_page_lists_members(city_2021, make_user, client):
    tree = city_2021
    sup = make_user(tree["city"], "supervisor")
    client.force_login(sup)
    resp = client.post(reverse("reports:create"), {"agency": tree["city"].pk, "year": "2021", "rollup": "1"})
    assert resp.status_code == 302
    page = client.get(resp.url).content.decode()
    assert "汇总范围与各单位报告情况" in page
    for a in ("dept", "other"):
        assert tree[a].name in page
    assert tree["county"].name in page  # can be chosen, not included by default
    report_pk = int(resp.url.rstrip("/").split("/")[-1])
    client.post(reverse("reports:act", args=[report_pk, "members"]), {"members": [tree["dept"].pk]})
    from gongkai.reports.models import AnnualReport

    r = AnnualReport.objects.get(pk=report_pk)
    assert list(r.members.all()) == [tree["dept"]] and r.state == State.DRAFT


def test_only_the_supervisor_rolls_up_and_drill_down_stays_in_scope(city_2021, make_user, client):
    """A government officer (not 政务公开办) can neither create a roll-up nor choose its members, and a
    roll-up's drill-down only lists records of agencies the viewer may see."""
    from django.core.exceptions import PermissionDenied

    from gongkai.reports.drilldown import drill

    tree = city_2021
    city, dept, other = tree["city"], tree["dept"], tree["other"]
    officer, sup = make_user(city, "officer"), make_user(city, "supervisor")
    with pytest.raises(PermissionDenied):
        actions.create_report(officer, city, 2021, rollup=True, members=[dept, other])
    client.force_login(officer)
    assert 'name="rollup"' not in client.get(reverse("reports:list")).content.decode()
    resp = client.post(reverse("reports:create"), {"agency": city.pk, "year": "2021", "rollup": "1"})
    assert resp.status_code == 403
    from gongkai.reports.models import AnnualReport

    assert not AnnualReport.objects.filter(agency=city, is_rollup=True).exists()

    report = actions.create_report(sup, city, 2021, rollup=True, members=[dept, other])
    with pytest.raises(PermissionDenied):
        actions.set_members(officer, report, [dept])
    client.post(reverse("reports:act", args=[report.pk, "members"]), {"members": [dept.pk]})
    assert set(report.members.all()) == {dept, other}

    assert drill(report, "t3", "new", 6, user=sup).count == 11  # 9 (dept) + 1 (other) + 1 (city)
    assert drill(report, "t3", "new", 6, user=officer).count == 1  # the city's own application only
    # the government's officer does not open the roll-up at all (issue 11: only its supervisor, reviewer, leader)
    assert client.get(reverse("reports:drill", args=[report.pk, "t3", "new", 6])).status_code == 404
    members_form = reverse("reports:act", args=[report.pk, "members"])
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    client.force_login(sup)
    page = client.get(reverse("reports:drill", args=[report.pk, "t3", "new", 6])).content.decode()
    assert "共 11 条记录" in page
    assert members_form in client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert 'name="rollup"' in client.get(reverse("reports:list")).content.decode()


def _cli_rollup(agency, tmp_path) -> dict:
    import io
    import json

    from django.core.management import call_command

    try:
        call_command("report", "build", "--agency", agency.name, "--year", "2021", "--rollup", "--out", str(tmp_path),
                     stdout=io.StringIO())
    except SystemExit as exc:  # the checks found errors: the files are written all the same
        assert exc.code == 1
    return json.loads((tmp_path / "report.json").read_text("utf-8"))


def test_one_rollup_meaning_for_the_cli_and_the_web_page(city_2021, tmp_path):
    """`report build --rollup` and the web page's roll-up are both `rollup_data`: the government plus the
    members chosen on its roll-up report (default: its direct departments, not the lower government and
    its departments), a member's published figures where it has published."""
    from gongkai.reports.government import default_members, rollup_data

    tree = city_2021
    city, dept, other = tree["city"], tree["dept"], tree["other"]
    ledger.application(tree["county_dept"], D(2021, 5, 1), closed=D(2021, 5, 8), outcome_row="r1")  # not a member
    assert set(default_members(city)) == {dept, other}
    # no roll-up report yet: the CLI sums the default members' ledgers
    cli = _cli_rollup(city, tmp_path / "default")
    expected = rollup_data(city, 2021).to_json()
    assert expected == rollup_data(city, 2021, members=[dept, other]).to_json()
    assert cli["table3"] == expected["table3"] and cli["table4"] == expected["table4"]
    assert cli["table3"]["一、本年新收政府信息公开申请数量"][6] == 11  # 9 + 1 + 1; the county's 1 is not summed
    # the department publishes, then its ledger changes: the roll-up keeps the published figures
    dept_report = complete(actions.create_report(SYSTEM, dept, 2021))
    dept_report = actions.publish(SYSTEM, actions.mark_reviewed(SYSTEM, dept_report))
    ledger.application(dept, D(2021, 11, 1), closed=D(2021, 11, 9), outcome_row="r1")
    report = actions.create_report(SYSTEM, city, 2021, rollup=True, members=[dept])  # `other` left out
    cli = _cli_rollup(city, tmp_path / "chosen")
    web = report.report_data.to_json()
    for key in ("table2", "table3", "table4", "sections", "extra", "blanks", "findings"):
        assert cli.get(key) == web.get(key), key
    assert web["extra"]["unfilled_by"] and all(names == [city.name] for _, _, names in web["extra"]["unfilled_by"])
    parts = [dept_report.report_data, compute(city, 2021)]
    assert web["table3"] == {label: [sum(p.table3[label][i] for p in parts) for i in range(7)]
                             for label in web["table3"]}
    assert web["table3"]["一、本年新收政府信息公开申请数量"][6] == 10  # 9 published + 1 of the city
