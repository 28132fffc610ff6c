"""Variants real reports come in: Markdown tables, repeated headers at page breaks, annotations in
cells, ambiguous flattened runs, blank totals, mixed and out-of-date formats, money in 元."""

import re

import pytest
from conftest import report_html

from gongkai.rules.formats import FORMAT_2019, FORMAT_2021, FORMATS
from gongkai.rules.parse import audit_report, parse_bytes, parse_text


def flat_report(fmt: str, runs: dict[str, str], year: int = 2023, t2: dict[str, str] | None = None,
                t4: str = "0" * 15, text: str = "") -> str:
    """A page whose tables lost their cell boundaries (like the 平潭 fixtures)."""
    spec = FORMATS[fmt]
    out = [f"某某市某某局{year}年政府信息公开工作年度报告", "一、总体情况", text, "二、主动公开政府信息情况"]
    for block in spec.table2:
        out.append(f"{block.label}信息内容" + "".join(c.label for c in block.columns))
        for row in block.rows:
            out.append(row.label + (t2 or {}).get(row.label, "0" * len(block.columns)))
    out.append("三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
               "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他")
    for row in spec.table3_rows:
        lab = row.label if not row.item else (row.group if row.item.startswith("1.") else "") + row.item
        out.append(lab + runs.get(row.key, "0000000"))
    out.append("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
               "未经复议直接起诉复议后起诉" + "结果维持结果纠正其他结果尚未审结总计" * 2 + t4)
    out.append("五、存在的主要问题及改进情况无。六、其他需要报告的事项全年收取信息处理费0元。")
    return "".join(out)


def codes(report):
    return {f.code for f in report.findings}


def test_flattened_run_split_by_row_sum():
    r = parse_text(flat_report("2021", {"new": "713000074", "r1": "713000074", "total": "713000074"}))
    assert r.table3["一、本年新收政府信息公开申请数量"] == [71, 3, 0, 0, 0, 0, 74]
    assert "FLATTENED" in codes(r) and "SPLIT_AMBIGUOUS" not in codes(r)


def test_ambiguous_run_is_reported():
    run = "1202002034"  # 12/0/2/0/0/20/34 or 12/0/20/0/2/0/34: both satisfy L1, L3 and L4
    r = parse_text(flat_report("2021", {"new": run, "r1": run, "total": run}))
    amb = [f for f in r.findings if f.code == "SPLIT_AMBIGUOUS"]
    assert amb and "[12、0、2、0、0、20、34]" in amb[0].message and "[12、0、20、0、2、0、34]" in amb[0].message
    assert r.table3["（七）总计"][6] == 34


def test_table4_flattened_with_group_sums():
    r = parse_text(flat_report("2021", {}, t4="110024001510102"))
    assert r.table4 == [1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2]


def test_markdown_table(seed_expected):
    lines = ["# 泸州市统计局2020年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             "| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |", "|---|---|---|---|---|---|---|---|"]
    for label, vals in seed_expected["table3"].items():
        lines.append("| " + label + " | " + " | ".join("" if v == 0 else str(v) for v in vals) + " |")
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "| 结果维持 | 结果纠正 |", "|" + "|".join(["0"] * 15) + "|", "五、存在的主要问题及改进情况"]
    r = audit_report(parse_text("\n".join(lines)))
    assert r.table3 == seed_expected["table3"]
    assert "BLANK_CELL" in codes(r) and "TABLE_MISSING" in codes(r)  # table 2 is not in this excerpt


def test_repeated_header_at_page_break():
    text = flat_report("2021", {"new": "2000002", "r1": "1000001", "r6_3": "1000001", "total": "2000002"})
    # a page break repeats the column header (with its 总计) between （五） and （六）
    text = text.replace("（六）其他处理1.", "申请人情况自然人法人或其他组织总计商业企业科研机构（六）其他处理1.")
    r = audit_report(parse_text(text))
    assert r.table3["（六）3.其他"] == [1, 0, 0, 0, 0, 0, 1]
    assert r.table3["（七）总计"] == [2, 0, 0, 0, 0, 0, 2]
    assert not [f for f in r.findings if f.severity == "error"]


def test_annotation_inside_a_cell_is_not_a_value():
    text = flat_report("2021", {}).replace("行政规范性文件000", "行政规范性文件 3 1 22（其中修订16件） ")
    r = parse_text(text)
    assert r.table2["行政规范性文件"] == [3, 1, 22]


def test_money_printed_in_yuan_is_converted():
    text = flat_report("2021", {}).replace("行政事业性收费0", "行政事业性收费 251000元")
    assert parse_text(text).table2["行政事业性收费"] == [25.1]
    text19 = flat_report("2019", {}, year=2020).replace("政府集中采购00", "政府集中采购 3 251000元")
    assert parse_text(text19).table2["政府集中采购"] == [3, 25.1]
    r = parse_text(flat_report("2019", {}, year=2020).replace("政府集中采购00", "政府集中采购 3 67"))
    assert r.table2["政府集中采购"] == [3, 67] and "MONEY_UNIT" in codes(r)


def test_blank_total_is_computed_and_reported(seed_expected):
    html = report_html(seed_expected)
    html = html.replace("<td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>",
                        "<td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td></td></tr>", 1)
    r = parse_bytes(html.encode(), "r.html")
    assert r.table3["一、本年新收政府信息公开申请数量"][6] == 1
    assert "BLANK_TOTAL" in codes(r)


def test_2019_tables_with_2021_sub_rows_are_mixed():
    text = flat_report("2021", {"new": "3000003", "r6_1": "1000001", "r6_3": "2000002", "total": "3000003"}, year=2020)
    for b21, b19 in zip(FORMAT_2021.table2, FORMAT_2019.table2, strict=False):
        text = text.replace(b21.label + "信息内容" + "".join(c.label for c in b21.columns),
                            b19.label + "信息内容" + "".join(c.label for c in b19.columns))
    text = text.replace("行政规范性文件000", "规范性文件000").replace("行政许可0", "行政许可000其他对外管理服务事项000")
    text = text.replace("行政处罚0", "行政处罚000").replace("行政强制0", "行政强制000").replace("行政事业性收费0", "行政事业性收费00政府集中采购00")
    r = audit_report(parse_text(text))
    assert r.format == "2019"
    assert r.table3["（六）其他处理"] == [3, 0, 0, 0, 0, 0, 3]
    assert "FORMAT_MIXED" in codes(r)
    assert not {"L1", "L3", "L4"} & codes(r)


def test_old_format_in_a_2021_report():
    r = parse_text(flat_report("2019", {}, year=2022))
    assert r.format == "2019" and "FORMAT_YEAR" in codes(r)


def test_missing_row_is_an_error(seed_text):
    text = re.sub(r"2\.重复申请(\s+0){7}", "", seed_text)
    r = parse_text(text)
    missing = [f for f in r.findings if f.code == "ROW_MISSING"]
    assert [f.where for f in missing] == ["表三 （五）2.重复申请"]
    assert missing[0].severity == "error"


@pytest.mark.parametrize("sep", ["\n", "\n\n", "  ", "\t"])
def test_cells_separated_any_way(seed_expected, sep):
    lines = ["某某局2020年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", "自然人 法人或其他组织 总计"]
    for label, vals in seed_expected["table3"].items():
        lines.append(label + sep + sep.join(map(str, vals)))
    lines += ["四、政府信息公开行政复议、行政诉讼情况结果维持", sep.join(["0"] * 15)]
    r = parse_text("\n".join(lines))
    assert r.table3 == seed_expected["table3"]
