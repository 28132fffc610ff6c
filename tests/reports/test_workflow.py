"""Workflow draft → reviewed → published, permissions, override reason in the journal, staff and
public pages, hand-entered figures."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.journal.models import Event
from gongkai.reports import actions
from gongkai.reports.models import AnnualReport, ManualFigure, State

from . import ledger
from .helpers import complete, zero_figures


@pytest.fixture
def people(agency_tree, make_user):
    dept = agency_tree["dept"]
    return {
        "officer": make_user(dept, "officer"),
        "reviewer": make_user(dept, "reviewer"),
        "leader": make_user(dept, "leader"),
        "stranger": make_user(agency_tree["other"], "officer"),
        "supervisor": make_user(agency_tree["city"], "supervisor"),
    }


def test_draft_review_publish(year_2021, people, client):
    report = actions.create_report(people["officer"], year_2021, 2021)
    # blank is not zero: the hand-entered figures and section 五 are still to be filled in
    assert {f["code"] for f in report.errors} == {"UNFILLED", "UNFILLED_SECTION"}
    zero_figures(year_2021, 2021)
    report = actions.save_texts(people["officer"], report, {"五": "存在的问题及改进。"})
    assert report.state == State.DRAFT and report.format == "2021" and report.errors == []
    assert report.report_data.sections["五"] == "存在的问题及改进。"
    with pytest.raises(PermissionDenied):
        actions.mark_reviewed(people["officer"], report)
    report = actions.mark_reviewed(people["reviewer"], report)
    with pytest.raises(ValidationError, match="草稿"):
        actions.save_texts(people["officer"], report, {"五": "改"})
    with pytest.raises(PermissionDenied):
        actions.publish(people["reviewer"], report)
    report = actions.publish(people["leader"], report)
    assert report.state == State.PUBLISHED and report.published_at is not None
    actions_logged = list(Event.objects.for_object(report).order_by("at", "id").values_list("action", flat=True))
    assert actions_logged == ["report.create", "report.texts", "report.review", "report.publish"]
    # on the portal
    resp = client.get(reverse("reports_public:list"))
    assert report.title in resp.content.decode()
    page = client.get(reverse("reports_public:detail", args=[report.pk])).content.decode()
    assert "存在的问题及改进。" in page and "（七）总计" in page
    for ext in ("pdf", "docx", "xlsx", "json", "html"):
        resp = client.get(reverse("reports_public:download", args=[report.pk, ext]))
        assert resp.status_code == 200 and len(resp.content) > 100


def test_unpublished_report_is_not_public(year_2021, people, client):
    report = actions.create_report(people["officer"], year_2021, 2021)
    assert client.get(reverse("reports_public:detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports_public:download", args=[report.pk, "pdf"])).status_code == 404


def _break_l1(year_2021):
    """A closed application with no outcome recorded (an imported ledger row): counted as handled by
    nobody, so 本年新收 + 上年结转 ≠ 总计 + 结转 — an L1 error."""
    ledger.application(year_2021, dt.date(2021, 8, 1), closed=dt.date(2021, 8, 5), outcome_row="")


def test_report_with_an_error_needs_an_override_reason(year_2021, people):
    _break_l1(year_2021)
    report = complete(actions.create_report(people["officer"], year_2021, 2021))
    assert {f["code"] for f in report.errors} == {"L1"}
    report = actions.mark_reviewed(people["reviewer"], report)
    with pytest.raises(ValidationError, match="不能直接发布"):
        actions.publish(people["leader"], report)
    report.refresh_from_db()
    assert report.state == State.REVIEWED
    report = actions.publish(people["leader"], report, override_reason="该件为系统上线前导入的记录，已核实无误")
    assert report.state == State.PUBLISHED and report.override_reason.startswith("该件为")
    event = Event.objects.for_object(report).get(action="report.publish")
    assert "该件为系统上线前导入的记录" in event.note and event.after["override_reason"].startswith("该件为")


def test_reopen_withdraws_from_portal(year_2021, people, client):
    report = complete(actions.create_report(people["officer"], year_2021, 2021))
    report = actions.publish(people["leader"], actions.mark_reviewed(people["reviewer"], report))
    with pytest.raises(ValidationError, match="理由"):
        actions.reopen(people["leader"], report, "")
    report = actions.reopen(people["leader"], report, "表二数据需更正")
    assert report.state == State.DRAFT
    assert client.get(reverse("reports_public:detail", args=[report.pk])).status_code == 404
    assert Event.objects.for_object(report).filter(action="report.reopen", note="表二数据需更正").exists()


def test_refresh_picks_up_new_ledger_records(year_2021, people):
    report = actions.create_report(people["officer"], year_2021, 2021)
    before = report.report_data.t3("new")[6]
    ledger.application(year_2021, dt.date(2021, 9, 9), closed=dt.date(2021, 9, 10), outcome_row="r1")
    report = actions.refresh_report(people["officer"], report)
    assert report.report_data.t3("new")[6] == before + 1


def test_duplicate_and_bad_input(year_2021, people, agency_tree):
    actions.create_report(people["officer"], year_2021, 2021)
    with pytest.raises(ValidationError, match="已经存在"):
        actions.create_report(people["officer"], year_2021, 2021)
    with pytest.raises(ValidationError, match="年度"):
        actions.create_report(people["officer"], year_2021, 1999)
    with pytest.raises(ValidationError, match="不是人民政府"):
        actions.create_report(people["officer"], year_2021, 2020, rollup=True)
    with pytest.raises(PermissionDenied):
        actions.create_report(people["stranger"], year_2021, 2020)


@pytest.mark.parametrize(
    ("row", "col", "value", "source", "message"),
    [
        ("penalty", "decisions", "abc", "台账", "应填写数字"),
        ("penalty", "decisions", "-1", "台账", "不能为负数"),
        ("penalty", "decisions", "1.5", "台账", "应为整数"),
        ("penalty", "decisions", "3", "", "数据来源"),
        ("regulations", "made", "3", "台账", "没有可手工填报"),
        ("fees", "nope", "3", "台账", "没有可手工填报"),
    ],
)
def test_manual_figure_validation(year_2021, people, row, col, value, source, message):
    with pytest.raises(ValidationError, match=message):
        actions.set_manual_figure(people["officer"], year_2021, 2021, row, col, value, source)
    assert not ManualFigure.objects.exists()


def test_manual_figure_signed_money_and_journal(year_2021, people):
    f = actions.set_manual_figure(people["officer"], year_2021, 2020, "penalty", "delta", "-4", "执法台账")
    assert f.value == -4
    f = actions.set_manual_figure(people["officer"], year_2021, 2021, "fees", "amount", "12.345678", "财政非税收入系统")
    assert str(f.value) == "12.345678"
    actions.set_manual_figure(people["officer"], year_2021, 2021, "fees", "amount", "13", "财政非税收入系统")
    events = Event.objects.filter(action="report.manual_figure").order_by("id")
    assert events.count() == 3 and events.last().before["value"] == "12.345678"


def test_staff_pages(year_2021, people, client):
    client.force_login(people["officer"])
    resp = client.post(reverse("reports:create"), {"agency": year_2021.pk, "year": "2021", "format": ""})
    report = AnnualReport.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("reports:detail", args=[report.pk])
    page = client.get(resp.url).content.decode()
    assert "检查结果" in page and "（七）总计" in page
    drill_url = reverse("reports:drill", args=[report.pk, "t3", "new", 0])
    assert drill_url in page
    drill_page = client.get(drill_url).content.decode()
    assert "共 5 条记录" in drill_page
    resp = client.post(reverse("reports:act", args=[report.pk, "texts"]), {"text_五": "问题一。", "text_一": "概述。"})
    report.refresh_from_db()
    assert report.texts == {"五": "问题一。", "一": "概述。"}
    resp = client.post(reverse("reports:act", args=[report.pk, "manual"]), {
        "value_penalty__decisions": "7", "source_penalty__decisions": "处罚台账",
        "value_licensing__decisions": "x", "source_licensing__decisions": "许可台账",
    }, follow=True)
    text = resp.content.decode()
    assert "已保存 1 项" in text and "应填写数字" in text
    report.refresh_from_db()
    assert report.report_data.table2["行政处罚"] == [7]
    for ext in ("pdf", "docx", "xlsx", "json", "html"):
        assert client.get(reverse("reports:download", args=[report.pk, ext])).status_code == 200
    assert client.get(reverse("reports:download", args=[report.pk, "exe"])).status_code == 404
    resp = client.post(reverse("reports:create"), {"agency": year_2021.pk, "year": "二〇二一"}, follow=True)
    assert "请填写报告年度" in resp.content.decode()


def test_other_agency_cannot_see_or_act(year_2021, people, client):
    report = actions.create_report(people["officer"], year_2021, 2021)
    client.force_login(people["stranger"])
    urls = [reverse("reports:detail", args=[report.pk]), reverse("reports:drill", args=[report.pk, "t3", "new", 0]),
            reverse("reports:download", args=[report.pk, "pdf"])]
    for url in urls:
        assert client.get(url).status_code == 404
    for name in ("refresh", "texts", "manual", "review", "publish", "reopen", "members"):
        assert client.post(reverse("reports:act", args=[report.pk, name])).status_code == 404
    assert report.title not in client.get(reverse("reports:list")).content.decode()
    # the city's supervisor sees the department's report
    client.force_login(people["supervisor"])
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 200


def test_publish_view_asks_for_reason(year_2021, people, client):
    _break_l1(year_2021)
    report = actions.mark_reviewed(people["reviewer"], actions.create_report(people["officer"], year_2021, 2021))
    client.force_login(people["leader"])
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "带错误发布的理由" in page
    resp = client.post(reverse("reports:act", args=[report.pk, "publish"]), {"override_reason": ""}, follow=True)
    assert "不能直接发布" in resp.content.decode()
    client.post(reverse("reports:act", args=[report.pk, "publish"]), {"override_reason": "已核实"})
    report.refresh_from_db()
    assert report.state == State.PUBLISHED and report.override_reason == "已核实"
