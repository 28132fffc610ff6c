"""Issue 9 item 7: `gongkai case export CODE --out DIR` (and the ZIP on the case page) writes every document
issued, every attachment, the application with its record and a 案卷目录 PDF; each file is opened here."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from gongkai.applications import actions
from gongkai.applications.casefile import INDEX_NAME, RECORD_NAME

from .docfiles import pdf_pages, pdf_text

D = dt.date(2026, 3, 2)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _case(received, staff):
    app = received(D)
    o = staff["officer"]
    actions.request_correction(o, app, "请写明年份。", D + dt.timedelta(days=14), on=D + dt.timedelta(days=1))
    actions.answer_correction(o, app, "2025年", on=D + dt.timedelta(days=2))
    actions.issue_fee_notice(o, app, "by_volume", pages=40, on=D + dt.timedelta(days=3))
    actions.record_fee_notice_delivery(o, app, "post", on=D + dt.timedelta(days=4))
    actions.record_fee_payment(o, app, Decimal("100"), on=D + dt.timedelta(days=5))
    actions.reply(o, app, "disclosed", on=D + dt.timedelta(days=8),
                  files=[SimpleUploadedFile("公报.pdf", PDF, content_type="application/pdf")])
    app.refresh_from_db()
    return app


def test_case_export_writes_documents_attachments_and_index(received, staff, tmp_path, capsys):
    app = _case(received, staff)
    call_command("case", "export", app.tracking_code, "--out", str(tmp_path / "卷"))
    files = sorted(p.name for p in (tmp_path / "卷").iterdir())
    docs = list(app.documents.order_by("issued_on", "id"))
    assert [d.kind for d in docs] == ["correction", "fee", "reply"]
    assert INDEX_NAME in files and RECORD_NAME in files and "05-附件-答复材料-公报.pdf" in files
    assert len(files) == 2 + 2 * len(docs) + 1
    index = pdf_text((tmp_path / "卷" / INDEX_NAME).read_bytes())
    for d in docs:
        pdf = next(f for f in files if d.number in f and f.endswith(".pdf"))
        docx = pdf[:-4] + ".docx"
        assert d.number in pdf_text((tmp_path / "卷" / pdf).read_bytes())
        assert d.number in "\n".join(p.text for p in Document(str(tmp_path / "卷" / docx)).paragraphs)
        assert d.number in index and f"{d.issued_on.year}年{d.issued_on.month}月{d.issued_on.day}日" in index
    assert "案卷目录" in index and "公报.pdf" in index
    assert (tmp_path / "卷" / "05-附件-答复材料-公报.pdf").read_bytes() == PDF
    record = pdf_text((tmp_path / "卷" / RECORD_NAME).read_bytes())
    assert app.tracking_code in record and app.id_number not in record and app.phone not in record  # masked
    assert "共 9 个文件" in capsys.readouterr().out
    assert len(pdf_pages((tmp_path / "卷" / INDEX_NAME).read_bytes())) >= 1


def test_unknown_code_is_a_clear_error(db):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有查询码为 2026-NOPE 的申请"):
        call_command("case", "export", "2026-nope", "--out", "/tmp/x")


def test_case_page_zip_holds_the_same(client, received, staff):
    app = _case(received, staff)
    client.force_login(staff["officer"])
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "导出案卷（ZIP）" in page
    resp = client.get(reverse("applications:case_file", args=[app.pk]) + "?format=zip")
    names = zipfile.ZipFile(io.BytesIO(resp.content)).namelist()
    assert f"{app.tracking_code}/{INDEX_NAME}" in names and len(names) == 9
    client.force_login(staff["other_officer"])
    assert client.get(reverse("applications:case_file", args=[app.pk]) + "?format=zip").status_code in (403, 404)
