"""The case file (案卷) for archiving: every document issued on the case (PDF and DOCX as sent), every
attachment, the application as received with its handling record, and a 案卷目录 (index PDF: documents
with dates, 发文字号 and pages) — written into a folder (`gongkai case export`) or a ZIP (case page).
Personal data stay masked as on the 案卷 page (ID number, phone)."""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from gongkai.applications import documents, letters
from gongkai.applications.models import Application
from gongkai.applications.storage import open_file
from gongkai.common import docfonts
from gongkai.rules.documents import cn_date

INDEX_NAME = "00-案卷目录.pdf"
RECORD_NAME = "01-申请及办理记录.pdf"


@dataclass
class Entry:
    name: str  # file name inside the case file
    title: str
    number: str
    date: str
    pages: int | None
    data: bytes


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip() or "文件"


def _pdf_pages(data: bytes) -> int | None:
    if not data.startswith(b"%PDF-"):
        return None
    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except Exception:  # noqa: BLE001 - an attachment we cannot count is listed without a page count
        return None


def entries(app: Application) -> list[Entry]:
    """Everything the case file holds, in archive order (without the index)."""
    record = letters.render_case_file_pdf(app)
    out = [Entry(RECORD_NAME, "政府信息公开申请及办理记录", app.tracking_code, cn_date(app.receipt_date or app.arrival_date),
                 _pdf_pages(record), record)]
    n = 2
    for doc in app.documents.order_by("issued_on", "id"):
        pdf = documents.read(doc, "pdf")
        base = f"{n:02d}-{_safe(doc.title)}-{_safe(doc.number)}"
        out.append(Entry(base + ".pdf", doc.title, doc.number, cn_date(doc.issued_on), doc.pages, pdf))
        out.append(Entry(base + ".docx", doc.title + "（Word）", doc.number, cn_date(doc.issued_on), None,
                         documents.read(doc, "docx")))
        n += 1
    for att in app.attachments.order_by("uploaded_at", "id"):
        with open_file(att.file) as fh:
            data = fh.read()
        out.append(Entry(f"{n:02d}-附件-{att.get_kind_display()}-{_safe(att.name)}", f"{att.get_kind_display()}：{att.name}",
                         "", cn_date(att.uploaded_at.date()), _pdf_pages(data), data))
        n += 1
    return out


def index_pdf(app: Application, items: list[Entry]) -> bytes:
    from weasyprint import HTML

    e = html.escape
    rows = "".join(
        f"<tr><td>{i}</td><td>{e(it.title)}</td><td class='nw'>{e(it.number) or '—'}</td><td class='nw'>{e(it.date)}</td>"
        f"<td>{it.pages if it.pages is not None else '—'}</td><td>{e(it.name)}</td></tr>"
        for i, it in enumerate(items, 1))
    body = f"""<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>案卷目录</title><style>
@page {{ size: A4 landscape; margin: 20mm; }}
.nw {{ white-space: nowrap; }}
body {{ font-family: {docfonts.css_font("仿宋")}; font-size: 10.5pt; }}
h1 {{ font-family: {docfonts.css_font("黑体")}; font-size: 18pt; text-align: center; }}
table {{ border-collapse: collapse; width: 100%; }} th, td {{ border: 1px solid #555; padding: 3pt 4pt; }}
</style></head><body><h1>案卷目录</h1>
<p>受理机关：{e(app.agency.name)}　查询码：{e(app.tracking_code)}　所需信息：{e(app.info_name or app.info_description[:40])}</p>
<table><thead><tr><th>序号</th><th>文件名称</th><th>发文字号</th><th>日期</th><th>页数</th><th>文件</th></tr></thead>
<tbody>{rows}</tbody></table></body></html>"""
    return HTML(string=body).write_pdf()


def build(app: Application) -> list[Entry]:
    items = entries(app)
    return [Entry(INDEX_NAME, "案卷目录", "", "", None, index_pdf(app, items)), *items]


def export_dir(app: Application, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for it in build(app):
        path = out / it.name
        path.write_bytes(it.data)
        written.append(path)
    return written


def export_zip(app: Application) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for it in build(app):
            z.writestr(f"{app.tracking_code}/{it.name}", it.data)
    return buf.getvalue()
