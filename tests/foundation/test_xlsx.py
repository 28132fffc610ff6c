"""gongkai.common.xlsx, the one Excel helper, and the app modules on it (`<app>/excel.py`): workbooks read
back as the writers meant them, and readers that answer a damaged file with a message, not a 500."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.common import xlsx


def _read(body: bytes):
    return load_workbook(io.BytesIO(body))


def test_write_table_reads_back_as_written():
    rows = [["甲", dt.date(2026, 3, 2), 3, None, dt.datetime(2026, 3, 2, 9, 30)], ["-1", None, 2.5, "是", None]]
    wb = _read(xlsx.write_table([("台账", ["名称", "日期", "数", "备注", "时间"], rows)], widths={"台账": [20, 12]}))
    ws = wb["台账"]
    assert [c.value for c in ws[1]] == ["名称", "日期", "数", "备注", "时间"] and all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert (ws.column_dimensions["A"].width, ws.column_dimensions["B"].width) == (20, 12)
    assert ws["B2"].value == dt.datetime(2026, 3, 2) and ws["B2"].number_format == "yyyy-mm-dd"
    assert ws["E2"].number_format == "yyyy-mm-dd hh:mm"
    assert (ws["C2"].value, ws["C3"].value, ws["D2"].value) == (3, 2.5, None)
    assert (ws["A3"].value, ws["A3"].data_type) == ("-1", "s")  # text that looks like a formula stays text
    assert not ws["A2"].font.b
    unfrozen = _read(xlsx.write_table([("x" * 40 + "\x0b", ["a"], [])], freeze=False)).active
    assert unfrozen.freeze_panes is None and unfrozen.title == "x" * 31


def test_set_cell_writes_text_safely():
    wb = Workbook()
    ws = wb.active
    xlsx.set_cell(ws, 1, 1, "=1+1")
    xlsx.set_cell(ws, 1, 2, "坏\x00字")
    xlsx.set_cell(ws, 1, 3, 7)
    buf = io.BytesIO()
    wb.save(buf)
    ws = _read(buf.getvalue()).active
    assert [(c.value, c.data_type) for c in ws[1]] == [("=1+1", "s"), ("坏字", "s"), (7, "n")]


def test_read_rows_numbers_rows_and_refuses_what_is_not_a_workbook():
    body = xlsx.write_table([("s", ["h1", "h2"], [[1, "a"], [None, None], [2, "b"]])])
    assert list(xlsx.read_rows(body)) == [(1, ["h1", "h2"]), (2, [1, "a"]), (3, []), (4, [2, "b"])]  # an empty row: no cells
    with pytest.raises(xlsx.UnreadableWorkbook):
        xlsx.read_rows(b"not a workbook")
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(body)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]  # a sheet cut in the middle
            dst.writestr(info, data)
    with pytest.raises(xlsx.UnreadableWorkbook):
        list(xlsx.read_rows(buf.getvalue()))


@pytest.mark.django_db
def test_disclosure_ledger_reads_the_report_labels_and_a_damaged_file(agency_tree, make_user):
    from gongkai.disclosures import excel
    from gongkai.disclosures.models import DocType

    dept = agency_tree["dept"]
    body = xlsx.write_table([("台账", ["标题", "成文日期", "信息类型"], [
        ["泸州市统计管理办法", dt.date(2020, 3, 2), "规章"],
        ["关于统计调查的通知", dt.date(2020, 3, 3), "规范性文件"],  # the 2019 format's table-2 label
        ["统计公报", dt.date(2020, 3, 4), "公告"],
    ])])
    with pytest.raises(excel.LedgerImportError) as err:
        excel.parse_ledger(body, dept)
    assert err.value.errors == ["第4行「信息类型」：“公告”应为 一般信息、规章、行政规范性文件 或 政策解读。"]
    parsed = excel.parse_ledger(xlsx.write_table([("台账", ["标题", "成文日期", "信息类型"], [
        ["泸州市统计管理办法", dt.date(2020, 3, 2), "规章"], ["关于统计调查的通知", "2020-03-03", "规范性文件"]])]), dept)
    assert [p.data["doc_type"] for p in parsed] == [DocType.REGULATION, DocType.NORMATIVE]
    with pytest.raises(excel.LedgerImportError) as err:
        excel.parse_ledger(b"PK\x03\x04 broken", dept)
    assert err.value.errors == [excel.UNREADABLE]


@pytest.mark.django_db
def test_applications_ledger_names_a_table3_item_in_its_message(agency_tree, make_user):
    from gongkai.applications import excel

    officer = make_user(agency_tree["dept"], "officer")
    body = xlsx.write_table([("台账", excel.COLUMNS, [
        ["张三", "自然人", "510502199001191234", "", "", "统计年鉴", "当面", dt.date(2020, 3, 2), "查无此信息",
         dt.date(2020, 3, 9)]])])
    f = io.BytesIO(body)
    f.name = "ledger.xlsx"
    result = excel.import_ledger(officer, agency_tree["dept"], f)
    assert result.created == 0
    assert "请使用表三的项目名称（如“本机关不掌握相关政府信息”）" in result.errors[0]
