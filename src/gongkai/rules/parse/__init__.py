"""Reading published annual reports (issue 6): any of plain text, HTML, DOCX, XLSX, PDF, or the JSON
interchange → ReportData.

    parse_bytes(data, filename=None) -> ReportData   # tables + extraction findings
    parse_text(text) -> ReportData
    audit_bytes(data, filename=None, previous=None) -> ReportData   # + L1–L6, X1–X4 findings
    ReportParseError   # the only error raised for unreadable input (Chinese message)

Pure: no Django import. DOCX needs python-docx, PDF uses `pdftotext` when installed else pypdf.
"""

from __future__ import annotations

from gongkai.rules.parse.errors import ReportParseError
from gongkai.rules.parse.interchange import read_interchange
from gongkai.rules.parse.readers import MAX_BYTES, detect_kind, read_bytes, read_text
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
    return parse_cells(read_text(text), "text")


def audit_report(report: ReportData, previous: ReportData | None = None) -> ReportData:
    """Add the checks' findings (L1–L6; X1, X2, X4 and 内容雷同 given last year's; X3) to a parsed
    report, and the text figures read from its prose to report.extra."""
    from gongkai.rules.checks import check_report, check_similarity, check_text_figures, similarity
    from gongkai.rules.textfigures import extract_figures

    found = [*check_report(report, previous), *check_text_figures(report)]
    if previous is not None and report.text and previous.text:
        found += check_similarity(report, previous)
        report.extra["similarity_to_previous"] = round(similarity(report.text, previous.text), 4)
    report.extra["text_figures"] = extract_figures(report.extra.get("prose") or report.text).to_json()
    report.findings = [*report.findings, *found]
    return report


def audit_bytes(data: bytes, filename: str | None = None, previous: ReportData | None = None) -> ReportData:
    return audit_report(parse_bytes(data, filename), previous)
