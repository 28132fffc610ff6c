"""Disclosure-item attachments go through the one upload checker (common.uploads): recognized by their
content — real Word/Excel/PDF/image files pass, disguised ones and zip bombs do not."""

import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from gongkai.common import uploads
from gongkai.disclosures.actions import ATTACHMENT_TYPES


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


def check(name, data):
    return uploads.check_bytes(name, data, ATTACHMENT_TYPES, uploads.configured_max_bytes())


def test_the_disclosure_module_of_its_own_is_gone():
    with pytest.raises(ImportError):
        __import__("gongkai.disclosures.uploads")


def test_real_files_are_recognized():
    assert check("公报.docx", real_docx()) == "docx"
    assert check("数据.XLSX", real_xlsx()) == "xlsx"
    assert check("旧格式.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) == "doc"
    assert check("a.pdf", b"%PDF-1.7\n") == "pdf"
    assert check("图.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20) == "png"
    assert check("照片.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20) == "jpg"


def zip_bomb_docx() -> bytes:
    """A DOCX-looking container whose one part expands a thousandfold."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml",
                    '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
                    'wordprocessingml.document.main+xml"/></Types>')
        zf.writestr("word/document.xml", b"0" * (8 * 1024 * 1024))
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("数据.xlsx", real_docx(), "扩展名被改过"),
        ("公报.docx", real_xlsx(), "扩展名被改过"),
        ("a.pdf", b"PK\x03\x04broken zip", "不符"),
        ("a.docx", b"PK\x03\x04broken zip", "不是有效的Word文件"),
        ("a.png", b"%PDF-1.4", "不符"),
        ("a.html", b"<html>", "类型不支持"),
        ("noext", b"%PDF-", "类型不支持"),
        ("a.txt", b"text", "类型不支持"),  # applicants may send .txt; disclosure items may not carry it
        ("a.pdf", b"", "空文件"),
        ("炸弹.docx", zip_bomb_docx(), "解压后过大"),
    ],
)
def test_disguised_or_bad_files_are_refused(name, data, message):
    with pytest.raises(ValidationError, match=message):
        check(name, data)


def test_size_limit(settings):
    settings.GONGKAI_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="超过"):
        check("big.pdf", b"%PDF-" + b"0" * 2000)
