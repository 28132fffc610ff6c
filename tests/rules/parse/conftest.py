from pathlib import Path

import pytest

OWN = Path(__file__).resolve().parents[2] / "fixtures" / "reports"


@pytest.fixture(scope="session")
def own_fixtures() -> Path:
    return OWN


@pytest.fixture(scope="session")
def seed_text(shared_dir) -> str:
    return (shared_dir / "fixtures/seed/luzhou-statistics-bureau-2020.txt").read_text(encoding="utf-8")


def _cells(values, blank_zero):
    return "".join(f"<td>{'&nbsp;' if (blank_zero and v == 0) else v}</td>" for v in values)


def report_html(expected: dict, *, blank_zero: bool = False, title: str = "") -> str:
    """An annual report page as government sites publish it: merged header cells (rowspan/colspan),
    row labels split into group and item cells, optionally blank cells for zeros."""
    from gongkai.rules.formats import FORMATS, TABLE3_CORNER

    spec = FORMATS[expected["format"]]
    parts = [
        "<html><head><meta charset='utf-8'><style>td{border:1px solid}</style><script>var x='一、本年新收';</script></head><body>",
        f"<h1>{title or expected.get('agency', '') + str(expected['year']) + '年政府信息公开工作年度报告'}</h1>",
        "<p>一、总体情况</p><p>本年度共收到政府信息公开申请"
        f"{expected['table3']['一、本年新收政府信息公开申请数量'][6]}件。</p>",
        "<p>二、主动公开政府信息情况</p><table>",
    ]
    for block in spec.table2:
        parts.append(f"<tr><td colspan='{len(block.columns) + 1}'>{block.label}</td></tr>")
        parts.append("<tr><td>信息内容</td>" + "".join(f"<td>{c.label}</td>" for c in block.columns) + "</tr>")
        for row in block.rows:
            vals = expected["table2"][row.label]
            shown = [f"{v}万元" if c.kind == "money" and spec.code == "2019" else v for c, v in zip(block.columns, vals, strict=True)]
            parts.append(f"<tr><td>{row.label}</td>{_cells(shown, False)}</tr>")
    parts.append("</table><p>三、收到和处理政府信息公开申请情况</p><table>")
    parts.append(f"<tr><td colspan='3' rowspan='3'>{TABLE3_CORNER}</td><td colspan='7'>申请人情况</td></tr>")
    parts.append("<tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td><td rowspan='2'>总计</td></tr>")
    parts.append("<tr>" + "".join(f"<td>{x}</td>" for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")) + "</tr>")
    groups_done = set()
    result_rows = [r for r in spec.table3_rows if r.key.startswith("r")]
    for row in spec.table3_rows:
        vals = expected["table3"][row.label]
        if not row.key.startswith("r"):
            label = "<td colspan='3'>" + (row.label if row.key != "total" else row.label) + "</td>"
            if row.key == "total":
                label = f"<td colspan='2'>{row.label}</td>"
            parts.append(f"<tr>{label}{_cells(vals, blank_zero)}</tr>")
            continue
        lead = ""
        if row.key == "r1":
            lead = f"<td rowspan='{len(result_rows) + 1}'>三、本年度办理结果</td>"
        if row.item:
            if row.group not in groups_done:
                size = sum(1 for r in spec.table3_rows if r.group == row.group)
                lead += f"<td rowspan='{size}'>{row.group}</td>"
                groups_done.add(row.group)
            lead += f"<td>{row.item}</td>"
        else:
            lead += f"<td colspan='2'>{row.group}</td>"
        parts.append(f"<tr>{lead}{_cells(vals, blank_zero)}</tr>")
    parts.append("</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table>")
    parts.append("<tr><td colspan='5' rowspan='2'>行政复议</td><td colspan='10'>行政诉讼</td></tr>")
    parts.append("<tr><td colspan='5'>未经复议直接起诉</td><td colspan='5'>复议后起诉</td></tr>")
    heads = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    parts.append("<tr>" + "".join(f"<td>{h}</td>" for h in heads * 3) + "</tr>")
    parts.append(f"<tr>{_cells(expected['table4'], False)}</tr></table>")
    parts.append("<p>五、存在的主要问题及改进情况</p><p>无。</p><p>六、其他需要报告的事项</p><p>全年收取信息处理费0元。</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def report_docx(expected: dict) -> bytes:
    """The same report as a Word file with merged cells (python-docx)."""
    import io

    import docx

    from gongkai.rules.formats import FORMATS

    spec = FORMATS[expected["format"]]
    d = docx.Document()
    d.add_paragraph(f"{expected['agency']}{expected['year']}年政府信息公开工作年度报告")
    d.add_paragraph("一、总体情况")
    d.add_paragraph("二、主动公开政府信息情况")
    for block in spec.table2:
        t = d.add_table(rows=2 + len(block.rows), cols=len(block.columns) + 1)
        t.cell(0, 0).merge(t.cell(0, len(block.columns))).text = block.label
        t.cell(1, 0).text = "信息内容"
        for j, c in enumerate(block.columns):
            t.cell(1, j + 1).text = c.label
        for i, row in enumerate(block.rows):
            t.cell(2 + i, 0).text = row.label
            for j, v in enumerate(expected["table2"][row.label]):
                t.cell(2 + i, j + 1).text = str(v)
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    rows = spec.table3_rows
    t = d.add_table(rows=3 + len(rows), cols=9)
    t.cell(0, 0).merge(t.cell(2, 1)).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    t.cell(0, 2).merge(t.cell(0, 8)).text = "申请人情况"
    t.cell(1, 2).merge(t.cell(2, 2)).text = "自然人"
    t.cell(1, 3).merge(t.cell(1, 7)).text = "法人或其他组织"
    t.cell(1, 8).merge(t.cell(2, 8)).text = "总计"
    for j, x in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")):
        t.cell(2, 3 + j).text = x
    group_start: dict[str, int] = {}
    for i, row in enumerate(rows):
        r = 3 + i
        if row.item:
            if row.group not in group_start:
                group_start[row.group] = r
                t.cell(r, 0).text = row.group
            else:
                t.cell(group_start[row.group], 0).merge(t.cell(r, 0))
            t.cell(r, 1).text = row.item
        else:
            t.cell(r, 0).merge(t.cell(r, 1)).text = row.label
        for j, v in enumerate(expected["table3"][row.label]):
            t.cell(r, 2 + j).text = str(v)
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t = d.add_table(rows=4, cols=15)
    t.cell(0, 0).merge(t.cell(1, 4)).text = "行政复议"
    t.cell(0, 5).merge(t.cell(0, 14)).text = "行政诉讼"
    t.cell(1, 5).merge(t.cell(1, 9)).text = "未经复议直接起诉"
    t.cell(1, 10).merge(t.cell(1, 14)).text = "复议后起诉"
    for j, h in enumerate(("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 3):
        t.cell(2, j).text = h
    for j, v in enumerate(expected["table4"]):
        t.cell(3, j).text = str(v)
    d.add_paragraph("五、存在的主要问题及改进情况")
    d.add_paragraph("六、其他需要报告的事项")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="session")
def seed_expected(shared_dir) -> dict:
    import json

    return json.loads((shared_dir / "fixtures/seed/luzhou-statistics-bureau-2020.expected.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def hongze_expected(shared_dir) -> dict:
    import json

    return json.loads((shared_dir / "fixtures/reports/hongze-2023.expected.json").read_text("utf-8"))
