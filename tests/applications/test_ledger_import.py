"""Excel ledger import: row-level Chinese errors, nothing half-imported, years carried over."""

import datetime as dt
import io

from django.urls import reverse
from openpyxl import Workbook

from gongkai.applications.excel import COLUMNS, import_ledger
from gongkai.applications.models import Application
from gongkai.applications.reporting import table3_counts


def xlsx(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "ledger.xlsx"
    return buf


GOOD = [
    ["张三", "自然人", "510502199001191234", "", "13800001234", "2019年统计年鉴", "当面", dt.date(2020, 3, 2),
     "本机关不掌握相关政府信息", dt.date(2020, 3, 20)],
    ["某公司", "商业企业", "", "91510500MA0000000X", "", "企业名录", "网上", "2020-12-28", "", ""],
]


def test_good_ledger_imports_and_counts_in_its_years(staff, agency_tree):
    result = import_ledger(staff["officer"], agency_tree["dept"], xlsx(GOOD))
    assert result.errors == [] and result.created == 2
    y20 = table3_counts([agency_tree["dept"].id], 2020)
    assert y20["r4_1"]["natural_person"] == 1 and y20["carried_out"]["business"] == 1
    assert table3_counts([agency_tree["dept"].id], 2021)["carried_in"]["business"] == 1
    assert Application.objects.filter(imported=True).count() == 2


def test_bad_rows_are_reported_and_nothing_is_saved(staff, agency_tree):
    bad = GOOD + [
        ["李四", "个人", "", "", "", "x", "当面", "2020-02-30", "", ""],
        ["", "自然人", "510502199001191234", "", "", "y", "飞鸽", dt.date(2020, 5, 1), "予以公开", ""],
    ]
    result = import_ledger(staff["officer"], agency_tree["dept"], xlsx(bad))
    assert result.created == 0 and Application.objects.count() == 0
    assert result.errors[0].startswith("第4行：") and "申请人类型“个人”" in result.errors[0]
    assert "无法识别" in result.errors[0]
    assert result.errors[1].startswith("第5行：") and "“申请人”为空" in result.errors[1]
    assert "飞鸽" in result.errors[1] and "答复日期" in result.errors[1]


def test_import_page(client, staff, agency_tree):
    client.force_login(staff["officer"])
    resp = client.post(reverse("applications:import"), {"agency": agency_tree["dept"].pk, "file": xlsx(GOOD)})
    assert resp.status_code == 302 and Application.objects.count() == 2
    junk = io.BytesIO(b"not excel")
    junk.name = "x.xlsx"
    resp = client.post(reverse("applications:import"), {"agency": agency_tree["dept"].pk, "file": junk})
    assert "内容与扩展名 .xlsx 不符" in resp.content.decode()


def _named(data: bytes, name: str) -> io.BytesIO:
    buf = io.BytesIO(data)
    buf.name = name
    return buf


def _zip(members: dict[str, bytes], name="ledger.xlsx") -> io.BytesIO:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    buf.seek(0)
    buf.name = name
    return buf


def test_ledger_file_is_checked_before_openpyxl_reads_it(staff, agency_tree, monkeypatch):
    from gongkai.applications import excel as ledger

    def run(f):
        return import_ledger(staff["officer"], agency_tree["dept"], f).errors

    assert "类型不支持" in run(_named(xlsx(GOOD).getvalue(), "ledger.csv"))[0]
    assert "不符" in run(_named(b"not a zip at all", "ledger.xlsx"))[0]
    # a word document renamed to .xlsx: a zip, but not a spreadsheet
    word = _zip({"[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-'
                                        b'officedocument.wordprocessingml.document.main+xml"/></Types>',
                 "word/document.xml": b"<w/>"})
    assert "不是普通的Excel文件" in run(word)[0]
    # a zip bomb: 200 MB of zeros compresses to a few hundred KB
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\0" * (200 * 1024 * 1024)})
    assert len(bomb.getvalue()) < 1024 * 1024 and "解压后过大" in run(bomb)[0]
    monkeypatch.setattr(ledger, "LEDGER_MAX_BYTES", 1000)
    assert "上限" in run(xlsx(GOOD))[0]
    assert Application.objects.count() == 0


def test_import_form_rejects_a_bad_file_with_a_chinese_message(client, staff, agency_tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff["officer"])
    bad = SimpleUploadedFile("ledger.xlsx", b"MZ\x90\x00 not excel", content_type="application/octet-stream")
    resp = client.post(reverse("applications:import"), {"agency": agency_tree["dept"].pk, "file": bad})
    assert resp.status_code == 200 and "不符" in resp.content.decode() and Application.objects.count() == 0


def test_a_receipt_date_after_today_is_one_clear_message(staff, agency_tree):
    """Review: the import registers a row with its 收到日期 as both the arrival and the confirmation day, so
    since registration also refuses a confirmation after today (rules.receipt.date_problems) a future 收到日期
    got two messages, the second telling the importer to confirm receipt later on the case page. One message,
    the arrival date's, and nothing saved."""
    from gongkai.applications.deadlines import today
    from gongkai.rules.receipt import date_problems

    later = today() + dt.timedelta(days=3)
    row = ["张三", "自然人", "510502199001191234", "", "13800001234", "2019年统计年鉴", "网上", later, "", ""]
    result = import_ledger(staff["officer"], agency_tree["dept"], xlsx([GOOD[0], row]))
    assert result.created == 0 and Application.objects.count() == 0
    assert result.errors == [f"第3行：{date_problems(later, None, today())['arrival_date']}"]
