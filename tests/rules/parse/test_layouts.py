"""The auditor reads every layout real reports come in (issue 10 item 4): each test renders random
report data in one layout, then parses it — never a particular real file."""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportgen import (
    EXTRA_TABLES,
    blank_zeros,
    cell_per_line,
    document,
    flattened,
    html_table,
    markdown,
    reports,
    table_rows,
)

from gongkai.rules.parse import audit_report, parse_bytes, parse_text

LAYOUT = settings(max_examples=int(os.environ.get("GK_LAYOUT_EXAMPLES", "10")), deadline=None, database=None, suppress_health_check=list(HealthCheck))


def assert_cells(got, data):
    assert got.format == data.format and got.year == data.year
    assert got.table2 == data.table2
    assert got.table3 == data.table3
    assert got.table4 == data.table4


def errors(report):
    return [(f.code, f.where) for f in report.findings if f.severity == "error"]


# (a) a web page copied as text: one cell per line, an empty cell is an empty line ---------------------
@LAYOUT
@given(st.data())
def test_a_copied_web_page_one_cell_per_line(draw):
    data = draw.draw(reports(rollup_=False))
    blanks = draw.draw(blank_zeros(data))
    text = "\n".join(document(data, table_rows(data, blanks), cell_per_line))
    got = audit_report(parse_text(text))
    assert_cells(got, data)
    assert errors(got) == []
    assert {b for b in got.blanks} == {b for b in blanks}
    if blanks:
        assert "BLANK_CELL" in {f.code for f in got.findings}


# (b) PDF → Markdown, empty cells vanished ------------------------------------------------------------
@st.composite
def typical_reports(draw):
    """Reports whose applicants are natural persons and businesses (the columns a placement by column
    order fills first): each vanished cell is then recoverable exactly."""
    data = draw(reports(rollup_=False))
    for row in data.table3.values():
        row[:] = [row[0], row[1], 0, 0, 0, 0, row[0] + row[1]]
    spec = data.spec
    for block in spec.table2:
        for row in block.rows:
            vals = data.table2[row.label]
            keys = [c.key for c in block.columns]
            if keys == ["made", "repealed", "in_force"] or keys == ["made", "published", "in_force"]:
                vals[2] = max(vals[2], vals[0] + vals[1])  # 现行有效件数 ≥ 本年制发件数
    return data


@LAYOUT
@given(st.data())
def test_b_markdown_with_vanished_empty_cells(draw):
    data = draw.draw(typical_reports())
    blanks = draw.draw(blank_zeros(data, ("table3",)))
    text = "\n".join(document(data, table_rows(data, blanks), markdown))
    got = audit_report(parse_bytes(text.encode(), "report.md"))
    assert errors(got) == []
    assert got.table4 == data.table4
    # a row is placed exactly, unless another placement fits every column sum too: then it is named
    open_rows = " ".join(f.message for f in got.findings if f.code == "CELLS_PLACED" and "不止一种" in f.message)
    wrong = [label for label, vals in data.table3.items() if got.table3[label] != vals]
    assert all(label in open_rows for label in wrong), (wrong, open_rows)
    vanished = any(b[0] == "table3" and any(v for v in data.table3[b[1]]) for b in blanks)
    if vanished:
        assert "CELLS_PLACED" in {f.code for f in got.findings}


@LAYOUT
@given(st.data())
def test_b_table2_cells_placed_by_plausibility(draw):
    data = draw.draw(typical_reports())
    blanks = draw.draw(blank_zeros(data, ("table2",)))
    text = "\n".join(document(data, table_rows(data, blanks), markdown))
    got = audit_report(parse_bytes(text.encode(), "report.md"))
    for label, vals in data.table2.items():
        nonzero = [v for v in vals if v]
        assert [v for v in got.table2[label] if v] == nonzero, label
    first = data.spec.table2[0]
    for row in first.rows:
        made, *_rest, in_force = got.table2[row.label]
        assert in_force >= made  # 现行有效件数 ≥ 本年制发件数
    # a row lost cells when some of its cells were printed empty and others were not
    vanished = any(b[0] == "table2" and any(("table2", b[1], i) not in blanks for i in range(len(data.table2[b[1]])))
                   for b in blanks)
    assert vanished == any(f.code == "CELLS_PLACED" and f.where.startswith("表二") for f in got.findings)


# (c) digits run together, resolved by the figures the text quotes ---------------------------------
def quoting_sentence(data):
    parts = []
    for block in data.spec.table2:
        for row in block.rows:
            vals = data.table2[row.label]
            said = "，".join(f"{c.label.split('（')[0]}{v}{'万元' if c.kind == 'money' else '件'}"
                            for c, v in zip(block.columns, vals, strict=True))
            parts.append(f"{row.label}：{said}")
    return "。".join(parts) + "。"


@LAYOUT
@given(reports(rollup_=False))
def test_c_run_together_digits_resolved_by_the_text(data):
    data.sections["二"] = quoting_sentence(data)
    text = "\n".join(document(data, table_rows(data), flattened))
    got = audit_report(parse_text(text))
    assert got.format == data.format and got.year == data.year
    assert got.table2 == data.table2  # every table-2 figure is quoted by the text: no reading left open
    assert [f.where for f in got.findings if f.code == "SPLIT_AMBIGUOUS" and f.where.startswith("表二")] == []
    # tables 3 and 4 (not quoted): exact, or the rows with several arithmetic readings named in a warning
    open_rows = " ".join(f.where for f in got.findings if f.code == "SPLIT_AMBIGUOUS")
    assert all(label in open_rows for label, vals in data.table3.items() if got.table3[label] != vals)
    assert got.table4 == data.table4 or "表四" in open_rows


def test_c_without_the_text_an_ambiguous_run_is_a_warning():
    from gongkai.rules.report_data import ReportData

    r = ReportData.empty("2021", agency="某某局", year=2023)
    r.table2["行政规范性文件"] = [9, 7, 253]
    r.sections = {"一": "本年度工作情况良好。", "五": "无。", "六": "收取信息处理费0元。"}
    flat = "\n".join(document(r, table_rows(r), flattened))
    got = parse_text(flat)
    assert any(f.code == "SPLIT_AMBIGUOUS" and "行政规范性文件" in f.where for f in got.findings)
    r.sections["二"] = "制发行政规范性文件9件，废止7件，现行有效253件。"
    got = parse_text("\n".join(document(r, table_rows(r), flattened)))
    assert got.table2["行政规范性文件"] == [9, 7, 253]
    assert not any(f.code == "SPLIT_AMBIGUOUS" and "行政规范性文件" in f.where for f in got.findings)


# (d) extra non-standard tables never bleed into the standard ones -----------------------------------
@LAYOUT
@given(st.data())
def test_d_extra_tables_do_not_bleed(draw):
    data = draw.draw(reports(rollup_=False))
    where = draw.draw(st.lists(st.sampled_from(("二", "三", "四", "六")), min_size=1, max_size=3))
    render = draw.draw(st.sampled_from(("html", "text")))
    extra: dict[str, list[str]] = {}
    for section in where:
        title, rows = draw.draw(st.sampled_from(EXTRA_TABLES))
        body = html_table(rows) if render == "html" else cell_per_line(rows)
        extra.setdefault(section, []).extend([f"<p>{title}</p>" if render == "html" else title, *body])
    if render == "html":
        lines = document(data, table_rows(data), html_table, paragraph=lambda t: f"<p>{t}</p>", extra=extra)
        got = audit_report(parse_bytes(("<html><body>" + "\n".join(lines) + "</body></html>").encode(), "r.html"))
    else:
        got = audit_report(parse_text("\n".join(document(data, table_rows(data), cell_per_line, extra=extra))))
    assert_cells(got, data)
    assert errors(got) == []


# (e) mis-typed row labels matched by edit distance, rows below not shifted --------------------------
TYPO_CHARS = "案件钩稽事实项目信息文件"


@st.composite
def typo(draw, label: str) -> str:
    """One or two characters of the label's distinctive part changed or dropped."""
    body = label
    for _ in range(draw(st.integers(1, 2))):
        i = draw(st.integers(max(0, len(body) - 6), len(body) - 1))
        # numbering and quote marks are not what a typo changes here: the reader sets quote marks aside when it
        # matches a label (a label that only lost its ” is the standard one), so only characters are mistyped
        if body[i] in "0123456789.、（）一二三四五六七“”\"":
            continue
        if draw(st.booleans()):
            body = body[:i] + draw(st.sampled_from(TYPO_CHARS)) + body[i + 1 :]
        else:
            body = body[:i] + body[i + 1 :]
    return body


@LAYOUT
@given(st.data())
def test_e_mistyped_labels(draw):
    data = draw.draw(reports(rollup_=False))
    spec = data.spec
    items = [r for r in spec.table3_rows if r.item and len(r.item) >= 6]
    chosen = draw.draw(st.lists(st.sampled_from(items), unique=True, min_size=1, max_size=2))
    labels = {r.label: draw.draw(typo(r.item)) for r in chosen}
    render = draw.draw(st.sampled_from(("html", "text")))
    tables = table_rows(data, labels=labels)
    if render == "html":
        lines = document(data, tables, html_table, paragraph=lambda t: f"<p>{t}</p>")
        got = audit_report(parse_bytes(("<html><body>" + "\n".join(lines) + "</body></html>").encode(), "r.html"))
    else:
        got = audit_report(parse_text("\n".join(document(data, tables, cell_per_line))))
    assert_cells(got, data)
    assert errors(got) == []
    changed = {label for label, shown in labels.items() if not shown.endswith(spec.table3_row(
        next(r.key for r in spec.table3_rows if r.label == label)).item[2:])}
    flagged = {f.where.removeprefix("表三 ") for f in got.findings if f.code in ("LABEL_NONSTANDARD", "LABEL_MISSING")}
    assert changed <= flagged, (labels, flagged)
