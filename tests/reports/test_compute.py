"""compute: tables 2–4 and section 一 from the ledgers, in both formats; drill-down matches every cell."""

import pytest

from gongkai.reports.compute import compute
from gongkai.reports.drilldown import drill
from gongkai.reports.models import AnnualReport
from gongkai.rules.checks import check_report

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
