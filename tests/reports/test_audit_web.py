"""The public audit page: upload or paste → recovered tables with findings on their cells, downloads."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):
    """A generous budget: these tests post many reports (the rate limit has its own test)."""
    settings.GONGKAI_AUDIT_RATE_LIMIT = (1000, 600)


@pytest.fixture
def hongze_bytes(shared_dir):
    return (shared_dir / "fixtures/reports/hongze-2023.txt").read_bytes()


def test_form_is_public(client):
    r = client.get(reverse("audit:index"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "年度报告审核" in html and 'name="report"' in html and 'name="text"' in html
    assert "csrfmiddlewaretoken" in html


def test_upload_shows_tables_with_findings_on_cells(client, hongze_bytes):
    r = client.post(reverse("audit:index"), {"report": SimpleUploadedFile("hongze.txt", hongze_bytes)})
    assert r.status_code == 200
    html = r.content.decode()
    assert "淮安市洪泽区人民政府" in html and "错误 3 项" in html
    # the L5 error is on the 行政复议 总计 cell (the 5th cell of table 4), marked as an error
    table4 = html[html.index('id="table4"') :]
    cells = table4.split("<td")[1:6]
    assert 'class="err"' in cells[4] and "[L5]" in cells[4]
    assert ">0<sup>" in cells[4].replace("\n", "")
    # the format error (single （六）其他处理 row in a 2021 report) is shown on the （六） rows
    t3 = html[html.index('id="table3"') :]
    row61 = t3[t3.index("（六）1.申请人无正当理由") :].split("</tr>")[0]
    assert row61.count('class="err"') == 7 and "FORMAT_MIXED" in row61
    assert "其他法律行政止公开" in html  # original text shown beside the tables
    assert 'id="f-1"' in html


def test_paste_text(client, shared_dir):
    text = (shared_dir / "fixtures/seed/luzhou-statistics-bureau-2020.txt").read_text("utf-8")
    r = client.post(reverse("audit:index"), {"text": text})
    html = r.content.decode()
    assert r.status_code == 200 and "泸州市统计局" in html and "错误 0 项" in html
    assert "84.35%" in html and "HEADER_LOST" in html


@pytest.mark.parametrize(
    "upload,words,status",
    [
        (SimpleUploadedFile("a.exe", b"MZ\x00\x00"), "类型不支持", 400),
        (SimpleUploadedFile("a.txt", b""), "文件是空的", 400),
        (SimpleUploadedFile("a.docx", b"just text"), "Word 文件无法打开", 400),
        (SimpleUploadedFile("a.pdf", b"just text"), "PDF 文件不完整", 400),
        (SimpleUploadedFile("a.txt", "随便写的一段话。".encode()), "不是政府信息公开工作年度报告", 400),
    ],
)
def test_bad_uploads_get_a_message_not_a_500(client, upload, words, status):
    r = client.post(reverse("audit:index"), {"report": upload})
    assert r.status_code == status
    assert words in r.content.decode()


def test_nothing_submitted(client):
    r = client.post(reverse("audit:index"), {})
    assert r.status_code == 400 and "请选择报告文件" in r.content.decode()


def test_oversized_upload_refused(client, settings):
    settings.GONGKAI_UPLOAD_MAX_BYTES = 1024
    r = client.post(reverse("audit:index"), {"report": SimpleUploadedFile("a.txt", b"x" * 5000)})
    assert r.status_code == 400 and "过大" in r.content.decode()


def test_previous_year_upload_enables_cross_year_checks(client, shared_dir):
    seed = (shared_dir / "fixtures/seed/luzhou-statistics-bureau-2020.txt").read_bytes()
    r = client.post(
        reverse("audit:index"),
        {"report": SimpleUploadedFile("2020.txt", seed), "previous": SimpleUploadedFile("2019.txt", seed.replace(b"2020", b"2019"))},
    )
    assert r.status_code == 200 and "SIMILAR" in r.content.decode()


def test_downloads_json_and_excel(client, hongze_bytes):
    from openpyxl import load_workbook

    r = client.post(reverse("audit:index"), {"report": SimpleUploadedFile("hongze.txt", hongze_bytes)})
    payload = r.context["payload"]
    j = client.post(reverse("audit:export"), {"payload": payload, "as": "json"})
    assert j.status_code == 200 and "attachment" in j["Content-Disposition"]
    data = json.loads(j.content)
    assert data["table4"] == [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]
    x = client.post(reverse("audit:export"), {"payload": payload, "as": "xlsx"})
    assert x.status_code == 200
    wb = load_workbook(io.BytesIO(x.content))
    assert wb.sheetnames == ["概况", "表二", "表三", "表四", "发现的问题"]
    assert [c.value for c in wb["表四"][2]] == data["table4"]
    assert wb["表四"]["E2"].comment is not None and "L5" in wb["表四"]["E2"].comment.text
    t3 = {row[0].value: [c.value for c in row[1:]] for row in wb["表三"].iter_rows(min_row=2)}
    assert t3["（七）总计"] == [21, 0, 0, 0, 0, 0, 21]
    codes = {row[0].value for row in wb["发现的问题"].iter_rows(min_row=2)}
    assert {"L5", "FORMAT_MIXED"} <= codes


def test_excel_export_is_written_safely_and_marks_cells(client, hongze_bytes):
    """The workbook is written through gongkai.common.xlsx: the posted interchange (agency, findings)
    is untrusted, so a formula stays text and a control character cannot break the download (before:
    a live formula, and a 500 from openpyxl)."""
    from openpyxl import load_workbook

    r = client.post(reverse("audit:index"), {"report": SimpleUploadedFile("hongze.txt", hongze_bytes)})
    data = json.loads(r.context["payload"])
    data["agency"] = '=HYPERLINK("http://evil.example","点此")'
    data["findings"].append({"code": "X9", "severity": "warning", "where": "表四 行政复议 / 总计",
                             "message": "=1+1\x07 说明"})
    x = client.post(reverse("audit:export"), {"payload": json.dumps(data, ensure_ascii=False), "as": "xlsx"})
    assert x.status_code == 200 and x["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(x.content))
    info = {row[0].value: row[1] for row in wb["概况"].iter_rows(min_row=2)}
    assert info["单位"].value == data["agency"] and info["单位"].data_type == "s"
    assert info["错误"].value == 3
    found = list(wb["发现的问题"].iter_rows(min_row=2))
    mine = next(row for row in found if row[0].value == "X9")
    assert mine[3].value == "=1+1 说明" and mine[3].data_type == "s"
    # table 2: each block's label in bold, then its columns; a row's values under them
    t2 = [[c.value for c in row] for row in wb["表二"].iter_rows()]
    assert t2[0] == ["第二十条第（一）项", None, None, None] and wb["表二"]["A1"].font.b
    assert t2[1][0] == "信息内容" and t2[2][0] == "规章" and len(t2[2]) == 4
    # the L5 error sits on 行政复议 总计 (E2 of 表四): red fill, the finding as a comment
    e2 = wb["表四"]["E2"]
    assert e2.fill.fgColor.rgb.endswith("F8D0D0") and "[L5]" in e2.comment.text and "[X9]" in e2.comment.text
    assert wb["表四"]["F2"].comment is None and wb["表四"]["F2"].fill.fill_type is None  # 直接起诉: consistent


def test_export_rejects_garbage(client):
    r = client.post(reverse("audit:export"), {"payload": "{not json", "as": "xlsx"})
    assert r.status_code == 400 and "下载失败" in r.content.decode()


def test_rate_limit(client, settings, shared_dir):
    settings.GONGKAI_AUDIT_RATE_LIMIT = (2, 600)
    text = (shared_dir / "fixtures/seed/luzhou-statistics-bureau-2020.txt").read_text("utf-8")
    codes = [client.post(reverse("audit:index"), {"text": text}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    r = client.post(reverse("audit:index"), {"text": text})
    assert "提交过于频繁" in r.content.decode()
