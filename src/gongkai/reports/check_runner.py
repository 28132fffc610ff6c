"""Running the report checks on an annual report of the platform (the checks themselves are the pure
functions of rules.checks): which table-2 cells nobody has entered yet, last year's report to compare
with, and every check a report must pass before it is published.

    run_checks(data, previous=None, *, is_government=False, missing_at=None) -> list[Finding]
    mark_unfilled(data, agencies, year, published=None) -> {(row label, column index): [agency names]}
    previous_data(agency_id, year, is_rollup=False) -> ReportData | None
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.reports.compute import LEDGER_BLOCK
from gongkai.rules import checks
from gongkai.rules.report_data import Finding, ReportData

ROLLUP_FIGURES_FORM = "本报告页面的“表二手工填报数”（本级政府自身的数）或各单位年度报告页面的“表二手工填报数”"


def run_checks(data: ReportData, previous: ReportData | None = None, *, is_government: bool = False,
               missing_at: dict[tuple[str, int], list[str]] | None = None) -> list[Finding]:
    """L1–L6 always; X1, X2, X4 against last year's report; X3 the figures the text states; 未填写
    for every table-2 cell in `data.blanks` and every required section left empty (Art. 50 for a
    government's report)."""
    findings = list(checks.check_report(data, previous))
    findings += checks.check_text_figures(data)
    if missing_at is None:
        findings += checks.check_unfilled_figures(data)
    else:  # a roll-up: name the agencies that have not entered a figure
        findings += checks.check_unfilled_figures(data, ROLLUP_FIGURES_FORM, missing_at)
    findings += checks.check_required_sections(data, is_government=is_government)
    return findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def mark_unfilled(data: ReportData, agencies: Iterable, year: int,
                  published: dict[int, ReportData] | None = None) -> dict[tuple[str, int], list[str]]:
    """Add to `data.blanks` every hand-entered table-2 cell (a block no ledger counts) that one of
    `agencies` has not entered for `year` — 0 is an entry, a missing ManualFigure is not. An agency in
    `published` contributes its published report's figures instead: its own blanks count.
    Returns, per (row label, column index), the names of the agencies that left it blank."""
    from gongkai.reports.models import ManualFigure

    agencies = list(agencies)
    published = published or {}
    live = [a.pk for a in agencies if a.pk not in published]
    entered: set[tuple[int, str, str]] = set(
        ManualFigure.objects.filter(agency_id__in=live, year=year).values_list("agency_id", "row_key", "column_key")
    )
    missing: dict[tuple[str, int], list[str]] = {}
    for block, row in data.spec.table2_rows:
        if block.key == LEDGER_BLOCK:
            continue
        for c, col in enumerate(block.columns):
            for agency in agencies:
                theirs = published.get(agency.pk)
                if theirs is not None:
                    blank = ("table2", row.label, c) in theirs.blanks
                else:
                    blank = (agency.pk, row.key, col.key) not in entered
                if blank:
                    missing.setdefault((row.label, c), []).append(agency.name)
    for label, c in missing:
        data.blanks.add(("table2", label, c))
    return missing


def previous_data(agency_id: int, year: int, is_rollup: bool = False) -> ReportData | None:
    """The agency's report on `year - 1` (the published one first), for checks X1, X2 and X4."""
    from gongkai.reports.models import AnnualReport, State

    qs = AnnualReport.objects.filter(agency_id=agency_id, year=year - 1, is_rollup=is_rollup)
    prev = qs.filter(state=State.PUBLISHED).first() or qs.order_by("-updated_at").first()
    return prev.report_data if prev is not None and prev.data else None
