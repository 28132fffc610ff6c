"""The annual report as PDF: the standalone HTML (render_html) laid out by WeasyPrint with Noto CJK."""

from __future__ import annotations

from gongkai.common.cleantext import clean_text
from gongkai.reports.render_html import standalone_html
from gongkai.rules.report_data import ReportData


def render_pdf(data: ReportData, title: str | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=clean_text(standalone_html(data, title, for_print=True))).write_pdf()
