"""One report in each file format (the same ReportData behind every one)."""

from __future__ import annotations

import json

from gongkai.rules.report_data import ReportData

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}
LABELS = {"html": "网页", "pdf": "PDF", "docx": "Word", "xlsx": "Excel（表格）", "json": "JSON（数据交换）"}


def render_file(data: ReportData, ext: str, title: str | None = None) -> bytes:
    if ext == "html":
        from gongkai.reports.render_html import standalone_html

        return standalone_html(data, title).encode("utf-8")
    if ext == "pdf":
        from gongkai.reports.render_pdf import render_pdf

        return render_pdf(data, title)
    if ext == "docx":
        from gongkai.reports.render_docx import render_docx

        return render_docx(data, title)
    if ext == "xlsx":
        from gongkai.reports.render_xlsx import render_xlsx

        return render_xlsx(data, title)
    if ext == "json":
        return json.dumps(data.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
    raise ValueError(f"不支持的文件格式：{ext}")
