"""The government-level report: the sum of its members' tables (the government's own plus the
departments it chooses), and the state of each member's own report against the deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from gongkai.reports.compute import finish
from gongkai.reports.models import AnnualReport, State, deadline_for
from gongkai.rules.report_data import ReportData
from gongkai.rules.rollup import rollup


@dataclass
class MemberStatus:
    agency: object
    report: AnnualReport | None
    source: str  # where the summed figures come from
    deadline: dt.date
    errors: int
    warnings: int
    published: bool
    late: bool  # not published by the deadline (already passed), or published after it

    @property
    def problem(self) -> bool:
        return self.errors > 0 or self.late


def default_members(agency):
    """A new government roll-up starts with the government's direct departments (editable later)."""
    from gongkai.agencies.models import Kind

    return agency.descendants().filter(parent=agency).exclude(kind=Kind.GOVERNMENT)


def member_reports(agency_ids, year: int, fmt: str) -> dict[int, AnnualReport]:
    """Each member's own report for the year, in one query: the published one if any, else the
    latest draft ({agency id: report}; members without a report are absent)."""
    rank = Case(When(state=State.PUBLISHED, then=Value(0)), default=Value(1), output_field=IntegerField())
    out: dict[int, AnnualReport] = {}
    qs = (AnnualReport.objects.filter(agency_id__in=list(agency_ids), year=year, format=fmt, is_rollup=False)
          .select_related("agency").annotate(rank=rank).order_by("agency_id", "rank", "-updated_at"))
    for r in qs:
        out.setdefault(r.agency_id, r)
    return out


def member_statuses(report: AnnualReport, today: dt.date | None = None) -> list[MemberStatus]:
    today = today or timezone.localdate()
    members = list(report.members.exclude(pk=report.agency_id).order_by("path"))
    reports = member_reports([m.pk for m in members], report.year, report.format)
    out = []
    for agency in [report.agency, *members]:
        own = reports.get(agency.pk)
        deadline = deadline_for(agency, report.year)
        published = own is not None and own.state == State.PUBLISHED
        if agency.pk == report.agency_id:
            source, late = "本级台账", False
        elif published:
            source, late = "已发布的部门报告", own.published_late
        else:
            source, late = "台账实时计算（部门报告未发布）", today > deadline
        out.append(
            MemberStatus(
                agency=agency, report=own, source=source, deadline=deadline,
                errors=len(own.errors) if own else 0, warnings=len(own.warnings) if own else 0,
                published=published, late=late,
            )
        )
    return out


def compute_rollup(report: AnnualReport) -> ReportData:
    """Sum the members' tables: a published member report gives its published figures, every other
    member (and the government itself) is computed from its ledgers in one grouped pass; the text
    is drafted from the summed figures."""
    from gongkai.reports.batch import tables_by_agency

    gov = report.agency
    members = list(report.members.exclude(pk=gov.pk).order_by("path"))
    published: dict[int, ReportData] = {
        pk: own.report_data
        for pk, own in member_reports([m.pk for m in members], report.year, report.format).items()
        if own.state == State.PUBLISHED and own.data
    }
    live = tables_by_agency([gov, *[m for m in members if m.pk not in published]], report.year, report.format)
    parts = [live[gov.pk], *[published.get(m.pk) or live[m.pk] for m in members]]
    data = rollup(parts, report.format, agency=gov.name, year=report.year)
    return finish(data, [gov.pk, *[m.pk for m in members]], report.year, report.texts)
