"""Attachments are recognized by their content: real Word/Excel/PDF files pass, disguised ones do not."""

import io

import docx
import pytest
from openpyxl import Workbook

from gongkai.disclosures.uploads import UploadError, check_upload, sniff


def real_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("统计公报")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def real_xlsx() -> bytes:
    wb = Workbook()
    wb.active.append(["月份", "条数"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_real_files_are_recognized():
    assert sniff(real_docx()) == "docx" and check_upload("公报.docx", real_docx()) == "docx"
    assert sniff(real_xlsx()) == "xlsx" and check_upload("数据.XLSX", real_xlsx()) == "xlsx"
    assert check_upload("旧格式.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) == "doc"
    assert check_upload("a.pdf", b"%PDF-1.7\n") == "pdf"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("数据.xlsx", real_docx(), "扩展名与实际内容不符"),
        ("公报.docx", real_xlsx(), "扩展名与实际内容不符"),
        ("a.pdf", b"PK\x03\x04broken zip", "扩展名与实际内容不符"),
        ("a.docx", b"PK\x03\x04broken zip", "扩展名与实际内容不符"),
        ("a.html", b"<html>", "类型不允许"),
        ("noext", b"%PDF-", "类型不允许"),
        ("a.pdf", b"", "空文件"),
    ],
)
def test_disguised_or_bad_files_are_refused(name, data, message):
    with pytest.raises(UploadError, match=message):
        check_upload(name, data)


def test_size_limit(settings):
    settings.GONGKAI_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(UploadError, match="超过"):
        check_upload("big.pdf", b"%PDF-" + b"0" * 2000)
