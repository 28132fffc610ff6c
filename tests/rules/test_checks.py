"""Report checks (rules.checks): one test per check code with a report that breaks only that check."""

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.rules.checks import check_report, check_similarity, check_text_figures, similarity
from gongkai.rules.formats import FORMAT_2019, FORMAT_2021
from gongkai.rules.report_data import ReportData


def valid(fmt: str = "2021", year: int = 2023) -> ReportData:
    """A report that satisfies every check (L1–L6; X3 for its text)."""
    r = ReportData.empty(fmt, agency="测试市统计局", year=year)
    spec = r.spec
    t3 = {
        "new": [5, 1, 0, 0, 0, 0, 6],
        "carried_in": [1, 0, 0, 0, 0, 0, 1],
        "r1": [3, 1, 0, 0, 0, 0, 4],
        "r4_1": [2, 0, 0, 0, 0, 0, 2],
        "total": [5, 1, 0, 0, 0, 0, 6],
        "carried_out": [1, 0, 0, 0, 0, 0, 1],
    }
    for key, vals in t3.items():
        r.table3[spec.table3_row(key).label] = list(vals)
    r.table4 = [1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]
    if fmt == "2021":
        r.table2.update({"行政规范性文件": [2, 1, 10], "行政许可": [5], "行政事业性收费": [1.5]})
    else:
        r.table2.update({"规范性文件": [2, 2, 10], "行政处罚": [3, -1, 7], "政府集中采购": [2, 67.5]})
    r.sections = {
        "一": "本年共收到政府信息公开申请6件，办结6件，结转下年度继续办理1件。"
        "被申请行政复议2件，行政诉讼1件。其中予以公开4件，占比66.67%。",
        "六": "全年收取信息处理费0元。",
    }
    return r


def previous_of(r: ReportData) -> ReportData:
    """Last year's report of the same agency, consistent with `r` under X1, X2 and X4."""
    prev = valid(r.format, r.year - 1)
    if r.format == "2021":
        prev.table2["行政规范性文件"] = [3, 0, 9]  # 9 + 2 − 1 = 10
    else:
        prev.table2["行政处罚"] = [4, -1, 7]  # 4 − 1 = 3
    prev.sections = {"一": "上年的报告正文，与今年完全不同的另一段文字描述当年的工作情况。"}
    return prev


def codes(findings) -> set[str]:
    return {f.code for f in findings}


def label(r: ReportData, key: str) -> str:
    return r.spec.table3_row(key).label


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_valid_report_has_no_findings(fmt):
    r = valid(fmt)
    assert check_report(r) == []
    assert check_text_figures(r) == []


def test_l1_column_balance_only():
    r = valid()
    r.table3[label(r, "carried_out")] = [2, 0, 0, 0, 0, 0, 2]
    found = check_report(r)
    assert codes(found) == {"L1"}
    assert {f.where for f in found} == {"表三 自然人 列", "表三 总计 列"}
    assert "第一项" in found[0].message and "请核对" in found[0].message


def test_l2_double_counted_results():
    # L2 (one result per application) cannot break alone: with L1, L4 and L6 holding, the results
    # sum to new + carried_in − carried_out ≤ new + carried_in. Double counting shows as L2 with L1.
    r = valid()
    r.table3[label(r, "r2")] = [2, 0, 0, 0, 0, 0, 2]
    r.table3[label(r, "total")] = [7, 1, 0, 0, 0, 0, 8]
    found = check_report(r)
    assert codes(found) == {"L1", "L2"}
    l2 = [f for f in found if f.code == "L2"]
    assert {f.where for f in l2} == {"表三 三、本年度办理结果 / 自然人", "表三 三、本年度办理结果 / 总计"}
    assert "只计一种办理结果" in l2[0].message


def test_l3_row_sum_only():
    r = valid()
    r.table3[label(r, "r1")] = [3, 1, 0, 0, 0, 0, 5]
    r.table3[label(r, "r4_1")] = [2, 0, 0, 0, 0, 0, 1]
    found = check_report(r)
    assert codes(found) == {"L3"}
    assert {f.where for f in found} == {f"表三 {label(r, 'r1')} / 总计", f"表三 {label(r, 'r4_1')} / 总计"}


def test_l4_results_sum_only():
    r = valid()
    r.table3[label(r, "r1")] = [4, 0, 0, 0, 0, 0, 4]
    found = check_report(r)
    assert codes(found) == {"L4"}
    assert {f.where for f in found} == {"表三 （七）总计 / 自然人", "表三 （七）总计 / 商业企业"}


def test_l5_table4_total_only():
    r = valid()
    r.table4[4] = 3
    found = check_report(r)
    assert codes(found) == {"L5"}
    assert found[0].where == "表四 行政复议 / 总计"
    assert "之和为 2" in found[0].message


@pytest.mark.parametrize(
    "fmt,row,values",
    [
        ("2021", "行政许可", [-1]),
        ("2021", "行政规范性文件", [2, 1.5, 10]),
        ("2021", "行政事业性收费", [-3.2]),
        ("2019", "行政许可", [1, 0.5, 2]),
    ],
)
def test_l6_nonnegative_integers_only(fmt, row, values):
    r = valid(fmt)
    r.table2[row] = values
    found = check_report(r)
    assert codes(found) == {"L6"}
    assert row in found[0].where


def test_l6_allows_signed_delta_and_decimal_money():
    r = valid("2019")
    r.table2["行政事业性收费"] = [35, -15]
    r.table2["政府集中采购"] = [1357, 539.443252]
    assert check_report(r) == []


def test_x1_carried_in_equals_last_years_carried_out():
    r = valid()
    prev = previous_of(r)
    assert check_report(r, prev) == []
    prev.table3[label(prev, "carried_out")] = [0, 0, 0, 0, 0, 0, 0]
    found = check_report(r, prev)
    assert codes(found) == {"X1"}
    assert all(f.severity == "warning" for f in found)
    assert {f.where for f in found} == {
        "表三 二、上年结转政府信息公开申请数量 / 自然人",
        "表三 二、上年结转政府信息公开申请数量 / 总计",
    }


def test_x2_in_force_documents_roll_forward():
    r = valid()
    prev = previous_of(r)
    assert check_report(r, prev) == []  # 9 + 2 − 1 = 10
    prev.table2["行政规范性文件"] = [1, 0, 8]  # 8 + 2 − 1 = 9 ≠ 10
    found = check_report(r, prev)
    assert codes(found) == {"X2"}
    assert "应为 9 件" in found[0].message


def test_x4_item_counts_roll_forward_in_2019_format():
    r = valid("2019", 2020)
    prev = previous_of(r)
    assert check_report(r, prev) == []  # 4 − 1 = 3 = this year's 上一年项目数量
    prev.table2["行政处罚"] = [4, 0, 7]
    found = check_report(r, prev)
    assert codes(found) == {"X4"}
    assert found[0].where == "表二 第二十条第（六）项 行政处罚 / 上一年项目数量"


def test_x3_text_contradicts_table():
    r = valid()
    r.sections["一"] = r.sections["一"].replace("收到政府信息公开申请6件", "收到政府信息公开申请9件")
    assert check_report(r) == []
    found = check_text_figures(r)
    assert codes(found) == {"X3"}
    assert "9 件" in found[0].message and "表三 一、本年新收" in found[0].where


def test_x3_truncated_share():
    r = valid()
    r.sections["一"] += "政府网站公开信息1369条；全年累计公开政府信息1623条，其中政府网站1369条，占比84.34%。"
    found = check_text_figures(r)
    assert codes(found) == {"X3"}
    assert "84.35%" in found[0].message and "截断" in found[0].message


def test_fee_must_be_stated_in_2021_format():
    r = valid()
    r.sections["六"] = "无其他需要报告的事项。"
    assert codes(check_text_figures(r)) == {"FEE_NOT_STATED"}
    r19 = valid("2019")
    r19.sections["六"] = "无其他需要报告的事项。"
    assert check_text_figures(r19) == []


def test_similarity_flags_copied_text():
    prev = valid(year=2022)
    r = valid()
    text = "我局认真贯彻落实政府信息公开条例，不断完善工作机制，拓宽公开渠道，规范操作流程，深化公开内容。" * 3
    prev.sections = {"一": text.replace("2023", "2022")}
    r.sections = {"一": text}
    found = check_similarity(r, prev)
    assert codes(found) == {"SIMILAR"}
    assert "内容雷同" in found[0].message
    assert similarity("今年的工作与去年完全不同，新开设了政务新媒体账号两个。", prev.text) < 0.2


def test_computed_report_missing_rows_read_as_zero():
    # a report computed from ledgers may carry only the rows it has; the checks read the rest as 0
    r = ReportData(format="2021", table3={FORMAT_2021.table3_row("new").label: [1, 0, 0, 0, 0, 0, 1]})
    assert codes(check_report(r)) == {"L1"}


_cell = st.integers(min_value=0, max_value=500)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_cell, min_size=6, max_size=6), min_size=3, max_size=3), st.sampled_from(["2019", "2021"]))
def test_consistent_tables_always_pass(parts, fmt):
    """Property: any report built to satisfy L1–L6 by construction has no L finding."""
    r = ReportData.empty(fmt)
    spec = FORMAT_2021 if fmt == "2021" else FORMAT_2019
    results = {"r1": parts[0], spec.outcome_keys[-1]: parts[1]}
    carried_out = [min(a, b) for a, b in zip(parts[0], parts[2], strict=True)]
    total = [a + b for a, b in zip(parts[0], parts[1], strict=True)]
    new = [t + o for t, o in zip(total, carried_out, strict=True)]
    for key, row in {**results, "total": total, "carried_out": carried_out, "new": new}.items():
        r.table3[spec.table3_row(key).label] = [*row, sum(row)]
    r.table4 = [*parts[2][:4], sum(parts[2][:4])] * 3
    assert check_report(r) == []
    broken = copy.deepcopy(r)
    broken.table3[spec.table3_row("total").label][0] += 1
    assert {"L1", "L3", "L4"} <= codes(check_report(broken))
