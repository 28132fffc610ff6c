"""Report checks (rules.md §2.5): L1–L6 within one report, X1–X4 across years and against the text.

    check_report(report, previous=None) -> list[Finding]

Implemented by the report-auditor work (issue 6); the signature is fixed here so the annual-report
work can call it meanwhile.
"""

from __future__ import annotations

from gongkai.rules.report_data import Finding, ReportData


def check_report(report: ReportData, previous: ReportData | None = None) -> list[Finding]:
    raise NotImplementedError("checks are being written (issue 6)")
