"""The report checks (rules.checks, owned by the auditor work) as the annual report runs them."""

from __future__ import annotations

from gongkai.rules import checks
from gongkai.rules.report_data import Finding, ReportData


def run_checks(data: ReportData, previous: ReportData | None = None) -> list[Finding]:
    """L1–L6 always; X3 the figures the text states; against last year's report X1, X2, X4, 内容雷同
    and the year-on-year advisory (rules.checks.run_checks)."""
    return checks.run_checks(data, previous)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def previous_data(agency_id: int, year: int, is_rollup: bool = False) -> ReportData | None:
    """The agency's report on `year - 1` (the published one first), for checks X1, X2 and X4."""
    from gongkai.reports.models import AnnualReport, State

    qs = AnnualReport.objects.filter(agency_id=agency_id, year=year - 1, is_rollup=is_rollup)
    prev = qs.filter(state=State.PUBLISHED).first() or qs.order_by("-updated_at").first()
    return prev.report_data if prev is not None and prev.data else None
