"""Readers: the same report as HTML (merged cells, blanks), DOCX, PDF, GB18030 text gives the same cells."""

import shutil

import pytest
from conftest import report_docx, report_html

from gongkai.rules.parse import audit_bytes, parse_bytes, parse_text
from gongkai.rules.parse.readers import decode, detect_kind


def _same_cells(report, expected):
    assert report.format == expected["format"]
    for row, values in expected["table2"].items():
        assert report.table2[row] == pytest.approx(values), row
    for row, values in expected["table3"].items():
        assert report.table3[row] == values, row
    assert report.table4 == expected["table4"]


@pytest.mark.parametrize("which", ["seed_expected", "hongze_expected"])
def test_html_with_merged_cells(request, which):
    expected = request.getfixturevalue(which)
    html = report_html(expected)
    assert "rowspan" in html and "colspan" in html
    report = parse_bytes(html.encode("utf-8"), "report.html")
    assert report.extra["source_kind"] == "html"
    _same_cells(report, expected)
    assert report.year == expected["year"]


def test_html_blank_cells_read_as_zero_with_finding(seed_expected):
    report = audit_bytes(report_html(seed_expected, blank_zero=True).encode("utf-8"), "r.htm")
    _same_cells(report, seed_expected)
    blanks = [f for f in report.findings if f.code == "BLANK_CELL"]
    assert blanks and "表三" in blanks[0].where
    assert ("table3", "（七）总计", 1) in report.blanks  # remembered as blank
    assert not [f for f in report.findings if f.severity == "error"]


def test_docx_with_merged_cells(hongze_expected):
    data = report_docx(hongze_expected)
    assert detect_kind(data, "x.docx") == "docx"
    import io

    import docx

    reopened = docx.Document(io.BytesIO(data))
    assert len(reopened.tables) == 6  # 4 blocks of table 2, then tables 3 and 4
    xml = reopened.tables[4]._tbl.xml
    assert "w:vMerge" in xml and "w:gridSpan" in xml  # merged cells really are merged
    report = parse_bytes(data, "report.docx")
    assert report.extra["source_kind"] == "docx"
    _same_cells(report, hongze_expected)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
@pytest.mark.parametrize("which,blank_zero", [("seed_expected", False), ("hongze_expected", True)])
def test_pdf_text_layer(request, which, blank_zero):
    """A PDF (WeasyPrint) read through `pdftotext -layout`: merged group cells print across the item
    labels' lines, and with blank cells the rows read "21  21" — still the same cells."""
    weasyprint = pytest.importorskip("weasyprint")
    expected = request.getfixturevalue(which)
    html = report_html(expected, blank_zero=blank_zero).replace("<style>", "<style>body{font-family:'Noto Sans CJK SC'}")
    pdf = weasyprint.HTML(string=html).write_pdf()
    report = audit_bytes(pdf, "report.pdf")
    assert report.extra["source_kind"] == "pdf"
    _same_cells(report, expected)
    assert not [f for f in report.findings if f.code in ("LABEL_NONSTANDARD", "LABEL_MISSING", "ROW_MISSING")]
    assert ("BLANK_CELL" in {f.code for f in report.findings}) == blank_zero


def test_gb18030_text(seed_text):
    report = parse_bytes(seed_text.encode("gb18030"), "seed.txt")
    assert decode(seed_text.encode("gb18030")) == seed_text
    assert report.agency == "泸州市统计局" and report.year == 2020
    assert report.table3["（七）总计"] == [1, 0, 0, 0, 0, 0, 1]


def test_utf8_bom_and_crlf(seed_text):
    data = b"\xef\xbb\xbf" + seed_text.replace("\n", "\r\n").encode("utf-8")
    assert parse_bytes(data).table2["政府集中采购"] == [2, 67]


def test_layout_text_with_wrapped_label_and_page_number(seed_text):
    """pdftotext -layout puts a row's numbers on the first line of a wrapped label; page numbers float."""
    from gongkai.rules.formats import FORMAT_2019

    lines = ["某某县统计局2020年政府信息公开工作年度报告", "二、主动公开政府信息情况", "第二十条第（一）项"]
    for block in FORMAT_2019.table2:
        for row in block.rows:
            lines.append(f"{row.label}        " + "    ".join("1" if c.kind != "money" else "5万元" for c in block.columns))
    lines += ["三、收到和处理政府信息公开申请情况", "      申请人情况", "自然人   法人或其他组织   总计", "商业 科研 社会", "企业 机构 公益"]
    for row in FORMAT_2019.table3_rows:
        vals = [2, 0, 0, 0, 0, 0, 2] if row.key in ("new", "r1", "total") else [0] * 7
        nums = "    ".join(str(v) for v in vals)
        if row.key == "r2":
            lines += ["   （二）部分公开（区分处理的，只计这一      " + nums, "   情形，不计其他情形）"]
        elif row.key == "r3_4":
            lines += [f"      {row.item}     {nums}", "", "                    -3-", ""]
        else:
            lines.append(f"   {row.item or row.group if row.key.startswith('r') else row.label}     {nums}")
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议          行政诉讼", "结果  结果 其他 尚未 总 计", "维持  纠正"]
    lines += ["  ".join(["0"] * 15), "五、存在的主要问题及改进情况", "无。"]
    report = parse_text("\n".join(lines))
    assert report.table3["（一）予以公开"] == [2, 0, 0, 0, 0, 0, 2]
    assert report.table3["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] == [0] * 7
    assert report.table3["（三）4.保护第三方合法权益"] == [0] * 7
    assert report.table2["政府集中采购"] == [1, 5]
    assert report.agency == "某某县统计局"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_pdf_numbers_printed_between_label_lines(seed_expected):
    """pdftotext prints a wrapped row's numbers between the two lines of its label
    ("5.要求行政机关确认或" / numbers / "重新出具已获取信息"): the numbers still belong to that row."""
    import copy

    weasyprint = pytest.importorskip("weasyprint")
    expected = copy.deepcopy(seed_expected)
    t3 = expected["table3"]
    for label in ("一、本年新收政府信息公开申请数量", "（七）总计"):
        t3[label] = [3, 0, 0, 0, 0, 0, 3]
    for label in ("（三）2.其他法律行政法规禁止公开", "（五）5.要求行政机关确认或重新出具已获取信息"):
        t3[label] = [1, 0, 0, 0, 0, 0, 1]
    html = report_html(expected).replace("<style>", "<style>body{font-family:'Noto Sans CJK SC'}")
    report = audit_bytes(weasyprint.HTML(string=html).write_pdf(), "report.pdf")
    _same_cells(report, expected)
    assert not [f for f in report.findings if f.severity == "error"]
