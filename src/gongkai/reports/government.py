"""The government-level report (政府汇总报告): the sum of its members' tables, and the state of each
member's own report against the deadline.

What a roll-up sums — one meaning, defined by `rollup_data`, which the web page (through the report's
actions) and `gongkai report build --rollup` both call:

    the government's own ledgers, plus its members: the agencies chosen on its roll-up report
    (default, `default_members`: its direct departments — lower governments publish their own);
    a member that has published its own report for the year and format contributes that report's
    published tables, every other member its ledgers as they stand; section 一 is drafted from the
    ledgers of the government and all its members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from gongkai.reports.compute import finish, spec_for, tables_by_agency
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


def published_figures(members, year: int, fmt: str) -> dict[int, ReportData]:
    """{agency id: its published report's data} for the members whose published figures a roll-up takes
    (those that have published their own report for the year and format)."""
    return {
        pk: own.report_data
        for pk, own in member_reports([m.pk for m in members], year, fmt).items()
        if own.state == State.PUBLISHED and own.data
    }


def rollup_data(government, year: int, fmt: str | None = None, members=None,
                texts: dict[str, str] | None = None) -> ReportData:
    """The roll-up of `government` for `year` (see the module docstring): `members` are the agencies chosen
    (None: `default_members`); the tables of members without a published report, and the government's
    own, come from one grouped pass over the ledgers. The hand-entered table-2 cells that the government
    or a member has left blank are marked blank (a published member: its report's blanks), and
    `unfilled_by(data)` names who left each one blank."""
    from gongkai.reports.check_runner import mark_unfilled

    spec = spec_for(year, fmt)
    chosen = default_members(government) if members is None else members
    members = sorted((m for m in chosen if m.pk != government.pk), key=lambda m: m.path)
    published = published_figures(members, year, spec.code)
    live = tables_by_agency([government, *[m for m in members if m.pk not in published]], year, spec.code)
    parts = [live[government.pk], *[published.get(m.pk) or live[m.pk] for m in members]]
    data = rollup(parts, spec.code, agency=government.name, year=year)
    data = finish(data, [government.pk, *[m.pk for m in members]], year, texts, is_rollup=True)
    missing = mark_unfilled(data, [government, *members], year, published)
    data.extra["unfilled_by"] = [[label, c, names] for (label, c), names in sorted(missing.items())]
    return data


def unfilled_by(data: ReportData) -> dict[tuple[str, int], list[str]]:
    """{(table-2 row label, column index): names of the agencies that left it blank} of a roll-up's data."""
    return {(label, c): names for label, c, names in (data.extra or {}).get("unfilled_by", [])}


def compute_rollup(report: AnnualReport) -> ReportData:
    """A stored roll-up report's data: `rollup_data` with the members chosen on it and its own texts."""
    return rollup_data(report.agency, report.year, report.format, members=list(report.members.all()),
                       texts=report.texts)
