"""Issue 10 item 2, blank is not zero: a table-2 figure no ledger holds must be entered (0 is an entry)
and the required sections written before a report passes; the rendered report never prints a blank
as 0 (files print it empty; the staff page marks it 未填写)."""

import datetime as dt
import io
import json
import re
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from gongkai.journal.actors import SYSTEM
from gongkai.reports import actions
from gongkai.reports.downloads import render_file
from gongkai.reports.layout import grids
from gongkai.reports.models import State
from gongkai.rules.checks import UNFILLED, UNFILLED_SECTION, check_required_sections, check_unfilled_figures
from gongkai.rules.report_data import ReportData

from . import ledger
from .conftest import set_figures
from .helpers import GOVERNMENT_THEMES, SECTION_5, complete, zero_figures

D = dt.date


# --- the pure checks, table-driven -------------------------------------------------------------------
def _data(fmt: str, blanks=(), sections=None) -> ReportData:
    data = ReportData.empty(fmt, agency="测试局", year=2025 if fmt == "2021" else 2020)
    data.blanks = {("table2", label, c) for label, c in blanks}
    data.sections = {"一": "总体情况。", "五": "问题与改进。"} if sections is None else sections
    return data


@pytest.mark.parametrize(
    ("fmt", "blanks", "wheres"),
    [
        ("2021", [], []),
        ("2021", [("行政处罚", 0)], ["表二 第二十条第（六）项 行政处罚 / 本年处理决定数量"]),
        ("2021", [("行政事业性收费", 0), ("行政许可", 0)],
         ["表二 第二十条第（五）项 行政许可 / 本年处理决定数量",
          "表二 第二十条第（八）项 行政事业性收费 / 本年收费金额（单位：万元）"]),
        ("2019", [("政府集中采购", 1)], ["表二 第二十条第（九）项 政府集中采购 / 采购总金额"]),
        ("2019", [("行政处罚", 1), ("行政处罚", 0)],
         ["表二 第二十条第（六）项 行政处罚 / 上一年项目数量", "表二 第二十条第（六）项 行政处罚 / 本年增/减"]),
    ],
)
def test_check_unfilled_figures(fmt, blanks, wheres):
    data = _data(fmt, blanks)
    data.blanks.add(("table3", "（七）总计", 6))  # not a table-2 cell: not this check's business
    findings = check_unfilled_figures(data)
    assert [f.where for f in findings] == wheres  # in the format's order, one per cell
    for f in findings:
        assert f.code == UNFILLED and f.severity == "error"
        assert f.message.startswith("未填写") and f.where in f.message
        assert "表二手工填报数" in f.message and "0 也是有效的填报" in f.message


def test_check_unfilled_names_the_members_of_a_rollup():
    data = _data("2021", [("行政许可", 0)])
    [f] = check_unfilled_figures(data, "各单位的报告页面", {("行政许可", 0): ["甲局", "乙局"]})
    assert "尚未填报的单位：甲局、乙局" in f.message and "各单位的报告页面" in f.message


@pytest.mark.parametrize(
    ("fmt", "sections", "government", "missing"),
    [
        ("2021", {"一": "综述。", "五": "问题。"}, False, []),
        ("2019", {"一": "综述。", "五": "问题。"}, False, []),
        ("2021", {"一": "综述。"}, False, ["五"]),
        ("2019", {"一": "综述。", "五": "  \n "}, False, ["五"]),
        ("2021", {"五": "问题。"}, False, ["一"]),
        ("2021", {}, False, ["一", "五"]),
        ("2021", {"一": "综述。", "五": "问题。"}, True, ["Art50:工作考核、社会评议、责任追究"]),
        ("2021", {"一": "开展了年度考核和社会评议。", "五": "问题。"}, True, ["Art50:责任追究"]),
        ("2021", {"一": "年度考核、社会评议已完成，未发生追责问责情况。", "五": "问题。"}, True, []),
        ("2019", {"一": "考核", "五": "评议", "六": "无责任追究"}, True, []),  # anywhere in the report
        ("2021", {"一": "考核、评议、责任追究。"}, True, ["五"]),
    ],
)
def test_check_required_sections(fmt, sections, government, missing):
    findings = check_required_sections(_data(fmt, sections=sections), is_government=government)
    got = []
    for f in findings:
        assert f.code == UNFILLED_SECTION and f.severity == "error" and f.message.startswith("未填写")
        assert "编辑正文" in f.message
        if "第五十条" in f.message:
            got.append("Art50:" + re.search(r"没有写明(.+?)情况", f.message)[1])
        else:
            got.append(f.where[0])
    assert got == missing


# --- the platform's report -----------------------------------------------------------------------
@pytest.fixture
def year_2025(agency_tree):
    """A department's 2025 in the ledgers (2021 format); three of the four hand-entered figures entered."""
    dept = agency_tree["dept"]
    ledger.application(dept, D(2025, 3, 1), closed=D(2025, 3, 10), outcome_row="r1")
    ledger.item(dept, D(2025, 4, 1))
    set_figures(dept, 2025, {("licensing", "decisions"): 5, ("enforcement", "decisions"): 7,
                             ("fees", "amount"): "1.5"})
    return dept


def test_blank_figure_and_empty_section_fail_and_block_publishing(year_2025, make_user):
    """Acceptance: a 2025 report with a blank manual figure and an empty section 五 fails its check with
    both findings and is not published without the override reason."""
    leader = make_user(year_2025, "leader")
    report = actions.create_report(SYSTEM, year_2025, 2025)
    assert report.format == "2021"
    errors = {(f["code"], f["where"]) for f in report.errors}
    assert errors == {(UNFILLED, "表二 第二十条第（六）项 行政处罚 / 本年处理决定数量"),
                      (UNFILLED_SECTION, "五、存在的主要问题及改进情况")}
    assert report.report_data.table2["行政处罚"] == [0] and ("table2", "行政处罚", 0) in report.report_data.blanks
    report = actions.mark_reviewed(SYSTEM, report)
    with pytest.raises(ValidationError, match=r"报告有 2 处错误（UNFILLED、UNFILLED_SECTION），不能直接发布"):
        actions.publish(leader, report)
    report.refresh_from_db()
    assert report.state == State.REVIEWED
    report = actions.publish(leader, report, override_reason="行政处罚数据待执法系统导出，先行发布")
    assert report.state == State.PUBLISHED and report.override_reason.startswith("行政处罚")


def test_zero_is_an_entry(year_2025):
    report = actions.create_report(SYSTEM, year_2025, 2025)
    set_figures(year_2025, 2025, {("penalty", "decisions"): 0})
    report = actions.save_texts(SYSTEM, report, {"五": SECTION_5})
    assert report.findings == [] and report.report_data.blanks == set()
    assert report.report_data.table2["行政处罚"] == [0]


def _t2_cell(grid_cells, row_key):
    return next(c for c in grid_cells if c.ref == ("t2", row_key, 0))


def test_rendered_files_never_print_a_blank_as_zero(year_2025, tmp_path):
    report = actions.create_report(SYSTEM, year_2025, 2025)
    data = report.report_data
    t2 = grids(data)[0]
    blank, entered = _t2_cell(t2.cells, "penalty"), _t2_cell(t2.cells, "licensing")
    assert blank.blank and blank.text == "" and blank.value is None
    assert entered.text == "5" and entered.value == 5
    # HTML (and the PDF made from it): the blank cell is empty
    html = render_file(data, "html").decode()
    assert re.search(r'<td headers="t2-b2 t2-b2-c0 t2-r-penalty" class="num unfilled"[^>]*></td>', html)
    assert re.search(r'<td headers="t2-b1 t2-b1-c0 t2-r-licensing" class="num"[^>]*>5</td>', html)
    # DOCX: the same grid position is empty
    table = Document(io.BytesIO(render_file(data, "docx"))).tables[0]
    assert table.cell(blank.row, blank.col).text == "" and table.cell(entered.row, entered.col).text == "5"
    # XLSX: an empty cell, not 0
    ws = load_workbook(io.BytesIO(render_file(data, "xlsx"))).worksheets[0]
    assert ws.cell(2 + blank.row, 1 + blank.col).value is None
    assert ws.cell(2 + entered.row, 1 + entered.col).value == 5
    # PDF: the 行政处罚 line carries no figure, the 行政强制 line its 7
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_file(data, "pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    penalty = next(line for line in text.splitlines() if "行政处罚" in line and "决定" not in line)
    enforcement = next(line for line in text.splitlines() if "行政强制" in line and "决定" not in line)
    assert not re.search(r"\d", penalty.replace("行政处罚", "")), penalty
    assert re.search(r"\b7\b", enforcement), enforcement
    # JSON keeps the number and says it is blank
    exported = json.loads(render_file(data, "json"))
    assert exported["table2"]["行政处罚"] == [0] and ["table2", "行政处罚", 0] in exported["blanks"]


def test_report_page_marks_the_blank_and_says_where_to_enter_it(year_2025, make_user, client):
    officer = make_user(year_2025, "officer")
    report = actions.create_report(officer, year_2025, 2025)
    client.force_login(officer)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    cell = re.search(r'<td headers="t2-b2 t2-b2-c0 t2-r-penalty" class="num unfilled"[^>]*>(.*?)</td>', page)
    assert cell and "未填写" in cell[1]
    assert "未填写：表二 第二十条第（六）项 行政处罚 / 本年处理决定数量" in page
    assert '<a href="#manual">去填写</a>' in page and '<a href="#texts">去填写</a>' in page
    assert 'id="manual"' in page and 'id="texts"' in page and 'name="value_penalty__decisions" value=""' in page
    # entering 0 on that form clears the finding
    resp = client.post(reverse("reports:act", args=[report.pk, "manual"]),
                       {"value_penalty__decisions": "0", "source_penalty__decisions": "执法台账（本年无处罚）"},
                       follow=True)
    assert "手工填报数已保存" in resp.content.decode()
    report.refresh_from_db()
    assert {f["code"] for f in report.errors} == {UNFILLED_SECTION}


def test_government_report_states_what_art_50_asks(agency_tree, make_user):
    city = agency_tree["city"]
    zero_figures(city, 2025)
    report = actions.create_report(SYSTEM, city, 2025)
    report = actions.save_texts(SYSTEM, report, {"五": SECTION_5})
    [f] = report.errors
    assert f["code"] == UNFILLED_SECTION and "工作考核、社会评议和责任追究" in f["message"]
    report = actions.save_texts(SYSTEM, report, {"一续": GOVERNMENT_THEMES})
    assert report.errors == []


def test_rollup_names_the_members_that_left_a_figure_blank(year_2025, agency_tree, make_user):
    city, other = agency_tree["city"], agency_tree["other"]
    sup = make_user(city, "supervisor")
    zero_figures(city, 2025)
    zero_figures(other, 2025)
    report = actions.create_report(sup, city, 2025, rollup=True, members=[year_2025, other])
    unfilled = [f for f in report.errors if f["code"] == UNFILLED]
    assert [f["where"] for f in unfilled] == ["表二 第二十条第（六）项 行政处罚 / 本年处理决定数量"]
    assert "尚未填报的单位：测试市统计局" in unfilled[0]["message"]
    # a published member report gives its figures: once the department has entered and published, it is complete
    zero_figures(year_2025, 2025)
    own = complete(actions.create_report(SYSTEM, year_2025, 2025))
    actions.publish(SYSTEM, actions.mark_reviewed(SYSTEM, own))
    report = actions.refresh_report(sup, report)
    assert [f for f in report.errors if f["code"] == UNFILLED] == []


def test_cli_build_reports_the_blank(year_2025, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("report", "build", "--agency", year_2025.name, "--year", "2025", "--out", str(tmp_path))
    assert exc.value.code == 1
    got = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert {(f["code"], f["where"]) for f in got["findings"]} >= {
        (UNFILLED, "表二 第二十条第（六）项 行政处罚 / 本年处理决定数量"), (UNFILLED_SECTION, "五、存在的主要问题及改进情况")}
    assert ["table2", "行政处罚", 0] in got["blanks"]
