"""Reading published annual reports (issue 6): any of plain text, HTML, DOCX, XLSX, PDF, or the JSON
interchange → ReportData.

    parse_bytes(data, filename=None) -> ReportData   # tables + extraction findings
    parse_text(text) -> ReportData
    audit_bytes(data, filename=None, previous=None, published=None) -> ReportData   # + every check
    ReportParseError   # the only error raised for unreadable input (Chinese message)

Pure: no Django import. DOCX needs python-docx, PDF uses `pdftotext` when installed else pypdf.
"""

from __future__ import annotations

import datetime as dt

from gongkai.rules.parse.errors import ReportParseError
from gongkai.rules.parse.interchange import read_interchange
from gongkai.rules.parse.readers import MAX_BYTES, detect_kind, read_bytes, read_plain
from gongkai.rules.parse.report import parse_cells
from gongkai.rules.report_data import ReportData

__all__ = [
    "MAX_BYTES",
    "ReportParseError",
    "audit_bytes",
    "audit_report",
    "parse_bytes",
    "parse_text",
    "parse_with_text",
]


def parse_with_text(data: bytes, filename: str | None = None) -> tuple[ReportData, str]:
    """(report, the text it was read from, a cell per line) of a file's bytes."""
    try:
        if data and len(data) <= MAX_BYTES and detect_kind(data, filename) == "json":
            report = read_interchange(data)
            return report, "\n\n".join(report.sections.values())
        kind, cells = read_bytes(data, filename)
        return parse_cells(cells, kind), cells
    except ReportParseError:
        raise
    except RecursionError as exc:  # pragma: no cover - defensive
        raise ReportParseError("文件结构过于复杂，无法读取。") from exc


def parse_bytes(data: bytes, filename: str | None = None) -> ReportData:
    return parse_with_text(data, filename)[0]


def parse_text(text: str) -> ReportData:
    if not text or not text.strip():
        raise ReportParseError("内容是空的。请粘贴年度报告全文（含表格）。")
    return parse_cells(read_plain(text), "text")


def audit_report(
    report: ReportData,
    previous: ReportData | None = None,
    published: dt.date | None = None,
    is_government: bool | None = None,
) -> ReportData:
    """Add the checks' findings (rules.checks.run_checks: L1–L6, X3; X1, X2, X4, 内容雷同 and the
    year-on-year advisory given last year's; Art. 49 on time given the publication date, or the one
    the document states) and the text figures read from its prose to report.extra."""
    from gongkai.rules.checks import run_checks, similarity
    from gongkai.rules.evaluation import copied_sections, find_publication_date, is_government_name
    from gongkai.rules.report_deadline import publication_deadline
    from gongkai.rules.textfigures import extract_figures

    prose = report.extra.get("prose") or report.text
    if published is None and report.extra.get("source_kind") != "json":
        published = find_publication_date(report.extra.get("preamble", "") + "\n" + prose, report.year)
    gov = is_government_name(report.agency) if is_government is None else is_government
    figures = extract_figures(prose)  # read once: for X3 and for report.extra
    found = run_checks(report, previous, published=published, is_government=gov, figures=figures)
    report.extra["published"] = published.isoformat() if published else None
    report.extra["on_time"] = (published <= publication_deadline(report.year, gov)) if published and report.year else None
    if previous is not None:
        report.extra["copied_sections"] = sorted(copied_sections(report, previous))
        if report.text and previous.text:
            report.extra["similarity_to_previous"] = round(similarity(report.text, previous.text), 4)
    report.extra["text_figures"] = figures.to_json()
    report.findings = [*report.findings, *found]
    return report


def audit_bytes(
    data: bytes, filename: str | None = None, previous: ReportData | None = None, published: dt.date | None = None
) -> ReportData:
    return audit_report(parse_bytes(data, filename), previous, published)
