"""compute: tables 2–4 and section 一 from the ledgers, in both formats (one agency, or every agency's
tables at once from grouped queries); drill-down matches every cell."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.reports.compute import compute, compute_tables, tables_by_agency
from gongkai.reports.drilldown import drill
from gongkai.reports.models import AnnualReport
from gongkai.rules.checks import check_report
from gongkai.rules.formats import APPLICANT_TYPES, FORMAT_2021, TABLE4_GROUPS
from gongkai.rules.rollup import rollup

from . import ledger
from .conftest import set_figures

T3_ZERO = [0] * 7


def row(*by_type):
    values = list(by_type) + [0] * (6 - len(by_type))
    return [*values, sum(values)]


def test_2021_tables_from_the_ledgers(year_2021):
    set_figures(year_2021, 2021, {("licensing", "decisions"): 5, ("penalty", "decisions"): 7,
                                  ("fees", "amount"): "1.25"})
    data = compute(year_2021, 2021)
    assert data.format == "2021"
    assert data.table2 == {
        "规章": [0, 0, 0],
        "行政规范性文件": [1, 0, 2],
        "行政许可": [5],
        "行政处罚": [7],
        "行政强制": [0],
        "行政事业性收费": [1.25],
    }
    t3 = data.table3
    assert t3["一、本年新收政府信息公开申请数量"] == row(5, 0, 1, 1, 1, 1)
    assert t3["二、上年结转政府信息公开申请数量"] == row(0, 1)
    assert t3["（一）予以公开"] == row(1, 1)
    assert t3["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] == row(1)
    assert t3["（三）4.保护第三方合法权益"] == row(0, 0, 1)
    assert t3["（四）1.本机关不掌握相关政府信息"] == row(1)
    assert t3["（五）2.重复申请"] == row(0, 0, 0, 0, 1)
    assert t3["（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"] == row(1)
    assert t3["（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"] == row(0, 0, 0, 0, 0, 1)
    assert t3["（六）3.其他"] == row(0, 0, 0, 1)
    assert t3["（七）总计"] == row(4, 1, 1, 1, 1, 1)
    assert t3["四、结转下年度继续办理"] == row(1)
    assert t3["（三）1.属于国家秘密"] == T3_ZERO
    assert data.table4 == [1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]
    assert check_report(data) == []


def test_2021_text_is_drafted_from_the_ledgers(year_2021):
    data = compute(year_2021, 2021, texts={"一": "开头概述。", "一续": "（六）监督保障情况。", "五": "问题。"})
    one = data.sections["一"]
    assert one.startswith("开头概述。") and one.endswith("（六）监督保障情况。")
    # channels: website 4 + 1 + normative 2 (one in 2020 is not counted) + interpretation 1 = 7
    # wechat 1 + tally 5, weibo 1, press 1 → total 7 + 7 + 1 = 15
    assert "累计主动公开政府信息15条" in one
    assert "政府网站公开信息7条，占比46.67%" in one
    assert "政务新媒体公开信息7条，占比46.67%" in one
    assert "其中政务微信公开信息6条" in one and "政务微博公开信息1条" in one
    assert "传统公开载体公开信息1条，占比6.67%" in one
    assert "发布政策解读信息1条" in one and "解读率100%" in one
    assert "收到领导信箱来信3件，已答复2件，公开回复1件" in one and "开展网上调查1期" in one
    assert "新收政府信息公开申请9件" in one and "上年结转政府信息公开申请1件" in one
    assert "全年办结9件" in one and "结转下年度继续办理1件" in one
    assert "予以公开2件、占比22.22%" in one and "其他处理3件、占比33.33%" in one
    assert "被申请行政复议2件" in one and "被提起行政诉讼1件" in one
    assert "收取信息处理费300元" in data.sections["六"]
    assert "因申请人逾期未缴纳信息处理费而不再处理的申请1件" in data.sections["六"]
    assert data.sections["五"] == "问题。"


def test_2019_format_sums_the_three_other_rows(year_2021):
    set_figures(year_2021, 2021, {("procurement", "count"): 2, ("procurement", "amount"): 67,
                                  ("penalty", "previous"): 3, ("penalty", "delta"): -1})
    data = compute(year_2021, 2021, fmt="2019")
    assert data.format == "2019"
    assert data.table3["（六）其他处理"] == row(1, 0, 0, 1, 0, 1)
    assert data.table2["政府集中采购"] == [2, 67]
    assert data.table2["行政处罚"] == [3, -1, 0]
    assert data.table2["规范性文件"] == [1, 1, 2]
    assert "六" not in data.sections  # the fee sentence belongs to the 2021 format
    assert check_report(data) == []


def test_format_follows_the_year(agency_tree):
    assert compute(agency_tree["dept"], 2020).format == "2019"
    assert compute(agency_tree["dept"], 2021).format == "2021"
    assert compute(agency_tree["dept"], 2020, fmt="2021").format == "2021"


def test_every_cell_drills_down_to_the_records_it_counts(year_2021, make_user):
    staff = make_user(year_2021, "officer")
    report = AnnualReport.objects.create(agency=year_2021, year=2021, format="2021")
    data = compute(year_2021, 2021)
    spec = data.spec
    checked = 0
    for r in spec.table3_rows:
        for col, value in enumerate(data.table3[r.label]):
            assert drill(report, "t3", r.key, col, user=staff).count == value, (r.label, col)
            checked += 1
    from gongkai.rules.formats import TABLE4_GROUPS

    for i, value in enumerate(data.table4):
        assert drill(report, "t4", TABLE4_GROUPS[i // 5][0], i % 5, user=staff).count == value
    for row_key, label in (("regulations", "规章"), ("normative", "行政规范性文件")):
        for col, value in enumerate(data.table2[label]):
            assert drill(report, "t2", row_key, col, user=staff).count == value
    assert checked == 25 * 7


def test_overview_drilldown_counts(year_2021, make_user):
    staff = make_user(year_2021, "officer")
    report = AnnualReport.objects.create(agency=year_2021, year=2021, format="2021")
    assert drill(report, "ov", "website", 0, user=staff).count == 7
    wechat = drill(report, "ov", "wechat", 0, user=staff)
    assert len(wechat.querysets) == 2 and wechat.count == 2  # one publication + one monthly tally row
    assert drill(report, "ov", "mailbox_received", 0, user=staff).count == 3
    assert drill(report, "ov", "fee", 0, user=staff).count == 1


def test_unknown_cell_is_404(year_2021, make_user):
    staff = make_user(year_2021, "officer")
    from django.http import Http404

    report = AnnualReport.objects.create(agency=year_2021, year=2021, format="2021")
    for args in (("t3", "nope", 0), ("t4", "reconsideration", 9), ("xx", "r1", 0), ("t2", "licensing", 3)):
        with pytest.raises(Http404):
            drill(report, *args, user=staff)


def test_manual_figures_drill_to_their_source(year_2021, make_user):
    staff = make_user(year_2021, "officer")
    set_figures(year_2021, 2021, {("penalty", "decisions"): 7}, source="行政处罚决定书台账")
    report = AnnualReport.objects.create(agency=year_2021, year=2021, format="2021")
    d = drill(report, "t2", "penalty", 0, user=staff)
    assert [(f.value, f.source) for f in d.manual] == [(7, "行政处罚决定书台账")]


def test_a_year_with_nothing_is_all_zero(agency_tree):
    data = compute(agency_tree["county_dept"], 2022)
    assert all(v == 0 for values in data.table3.values() for v in values)
    assert "累计主动公开政府信息0条" in data.sections["一"]
    assert "未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况" in data.sections["一"]
    assert check_report(data) == []


# ---- every agency's tables at once (formerly reports.batch) ------------------------------------------


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_grouped_tables_equal_per_agency_tables(year_2021, agency_tree, fmt):
    other, county = agency_tree["other"], agency_tree["county"]
    ledger.application(other, dt.date(2020, 12, 30), "research")  # carried in, still open
    ledger.appeal(other, "lawsuit_direct", dt.date(2021, 6, 1), "other", dt.date(2021, 7, 1))
    ledger.item(other, dt.date(2021, 4, 1), doc_type="regulation", validity="valid")
    set_figures(other, 2021, {("penalty", "decisions"): 4, ("penalty", "previous"): 2})
    set_figures(year_2021, 2021, {("fees", "amount"): "0.5"})
    agencies = list(agency_tree.values())
    grouped = tables_by_agency(agencies, 2021, fmt)
    assert set(grouped) == {a.pk for a in agencies}
    for agency in agencies:
        one = compute_tables([agency.pk], 2021, fmt, agency=agency.name)
        mine = grouped[agency.pk]
        assert (mine.table2, mine.table3, mine.table4) == (one.table2, one.table3, one.table4), agency.name
    assert grouped[other.pk].t3("carried_in")[2] == 1 and grouped[county.pk].t3("new")[6] == 0


def test_grouped_tables_take_one_query_per_ledger_however_many_agencies(year_2021, agency_tree,
                                                                       django_assert_num_queries):
    agencies = list(agency_tree.values())
    # normative counts, hand-entered figures, table 3, table 4
    with django_assert_num_queries(4):
        tables_by_agency(agencies[:1], 2021)
    with django_assert_num_queries(4):
        grouped = tables_by_agency(agencies, 2021)
    together = compute_tables([a.pk for a in agencies], 2021)
    assert rollup(list(grouped.values()), "2021").table3 == together.table3


# ---- property: on any ledger, every drill-down lists exactly what its cell counts -------------------

OUTCOMES = (*FORMAT_2021.outcome_keys, "")  # "" = closed without an outcome row (an L1 error)
TYPES = tuple(t for t, _ in APPLICANT_TYPES)
DAY0 = dt.date(2019, 10, 1)

cases = st.lists(st.tuples(
    st.integers(0, 1),  # agency: dept or other
    st.integers(0, 900),  # received: days after 1 October 2019 (to March 2022)
    st.one_of(st.none(), st.integers(0, 420)),  # closed: days after receipt, or still open
    st.sampled_from(OUTCOMES),
    st.sampled_from(TYPES),
), max_size=25)
appeals = st.lists(st.tuples(
    st.integers(0, 1), st.integers(0, 900), st.one_of(st.none(), st.integers(0, 420)),
    st.sampled_from([g for g, _, _ in TABLE4_GROUPS]), st.sampled_from(["upheld", "corrected", "other", "pending"]),
), max_size=12)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases=cases, appeal_rows=appeals, year=st.sampled_from([2020, 2021]), fmt=st.sampled_from(["2019", "2021"]),
       roll_up=st.booleans())
def test_every_cell_drills_down_to_exactly_its_figure(agency_tree, make_user, cases, appeal_rows, year, fmt, roll_up):
    """For random ledgers of two departments: each agency's tables 3 and 4 (grouped by agency) equal the
    tables computed for it alone, and — for the department's report, or the city's roll-up of both —
    every cell of tables 3 and 4 counts exactly the records its drill-down lists."""
    from django.db import transaction

    city, dept, other = agency_tree["city"], agency_tree["dept"], agency_tree["other"]
    with transaction.atomic():
        sup = make_user(city, "supervisor")
        pair = (dept, other)
        for who, received, closed_after, outcome, applicant_type in cases:
            day = DAY0 + dt.timedelta(days=received)
            closed = None if closed_after is None else day + dt.timedelta(days=closed_after)
            ledger.application(pair[who], day, applicant_type, closed=closed, outcome_row=outcome if closed else "")
        for who, filed, closed_after, kind, result in appeal_rows:
            day = DAY0 + dt.timedelta(days=filed)
            closed = None if closed_after is None or result == "pending" else day + dt.timedelta(days=closed_after)
            ledger.appeal(pair[who], kind, day, result, closed)
        grouped = tables_by_agency([city, dept, other], year, fmt)
        for agency in (city, dept, other):
            alone = compute_tables([agency.pk], year, fmt)
            assert (grouped[agency.pk].table3, grouped[agency.pk].table4) == (alone.table3, alone.table4)
        if roll_up:
            report = AnnualReport.objects.create(agency=city, year=year, format=fmt, is_rollup=True)
            report.members.set([dept, other])
            ids = [city.pk, dept.pk, other.pk]
        else:
            report, ids = AnnualReport.objects.create(agency=dept, year=year, format=fmt), [dept.pk]
        data = compute_tables(ids, year, fmt)
        for r in data.spec.table3_rows:
            for col, value in enumerate(data.table3[r.label]):
                assert drill(report, "t3", r.key, col, user=sup).count == value, (r.label, col)
        for i, value in enumerate(data.table4):
            assert drill(report, "t4", TABLE4_GROUPS[i // 5][0], i % 5, user=sup).count == value, i
        transaction.set_rollback(True)


def test_the_report_page_lists_the_mailbox_figures_as_computed_now_and_as_stored_before(year_2021):
    """The overview's mailbox figures are one group in what compute stores now; a report stored before
    has them flat. The report page lists (and links) them either way."""
    from gongkai.reports.views import _overview_rows

    now = {"extra": compute(year_2021, 2021).extra}
    before = {"extra": {"overview": {"year": 2021, "mailbox_received": 3, "mailbox_answered": 2,
                                     "mailbox_published": 1}, "fee_yuan": "0"}}
    for data in (now, before):
        rows = {r["label"]: r for r in _overview_rows(AnnualReport(pk=1, data=data))}
        assert [rows[k]["value"] for k in ("领导信箱来信", "领导信箱已答复来信", "领导信箱公开回复")] == [3, 2, 1]
        assert rows["领导信箱来信"]["url"].endswith("/ov/mailbox_received/0/")
