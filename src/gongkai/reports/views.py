"""Staff pages of the annual report (/work/reports/): list and create, the report page (check results,
tables, hand-entered figures, texts, the roll-up's members, its actions from reports.available),
the one view that performs an action on a report, drill-down and downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Kind
from gongkai.agencies.scoping import agencies_with_role, staff_agencies
from gongkai.common import xlsx
from gongkai.common.actionview import action_view
from gongkai.common.params import parse_int, parse_year
from gongkai.journal.display import decorate
from gongkai.journal.models import Event
from gongkai.reports import actions
from gongkai.reports.available import ACTIONS, manual_cells, manual_name
from gongkai.reports.downloads import CONTENT_TYPES, render_file
from gongkai.reports.drilldown import OVERVIEW_FIGURES, drill, record_row
from gongkai.reports.government import default_members, member_statuses
from gongkai.reports.models import (
    EDITABLE_SECTIONS,
    SECTION_LABELS,
    AnnualReport,
    Format,
    ManualFigure,
    State,
)
from gongkai.reports.ontime import timeliness
from gongkai.reports.published import stored_file, version_history
from gongkai.reports.render_html import report_context
from gongkai.rules.report_deadline import rule_sentence
from gongkai.workbench.decorators import staff_required


def _error(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _report(request, pk: int) -> AnnualReport:
    return get_object_or_404(AnnualReport.objects.for_user(request.user).select_related("agency"), pk=pk)


@staff_required
def report_list(request):
    today = timezone.localdate()
    reports = list(AnnualReport.objects.for_user(request.user).select_related("agency").order_by("-year", "agency__path"))
    for r in reports:
        r.timeliness = timeliness(r, today)
    drafting = agencies_with_role(request.user, *actions.DRAFT_ROLES)
    return render(request, "reports/list.html", {
        "reports": reports, "drafting": drafting, "formats": Format.choices,
        "this_year": today.year - 1, "deadline_rule": rule_sentence(),
        "can_rollup": agencies_with_role(request.user, *actions.ROLLUP_ROLES).filter(kind=Kind.GOVERNMENT).exists(),
    })


@staff_required
@require_POST
def report_create(request):
    agency_id = parse_int(request.POST.get("agency"), minimum=1)
    if agency_id is None:
        messages.error(request, "请选择编制报告的机关。")
        return redirect("reports:list")
    agency = get_object_or_404(staff_agencies(request.user), pk=agency_id)
    year = parse_year(request.POST.get("year"))
    if year is None:
        messages.error(request, "请填写报告年度（四位数字，例如 2025）。")
        return redirect("reports:list")
    try:
        report = actions.create_report(
            request.user, agency, year, request.POST.get("format") or None,
            rollup=bool(request.POST.get("rollup")),
            members=default_members(agency) if request.POST.get("rollup") else (),
        )
    except ValidationError as exc:
        _error(request, exc)
        return redirect("reports:list")
    messages.success(request, "年度报告已按台账数据生成。")
    return redirect("reports:detail", report.pk)


def _drill_url(report: AnnualReport):
    def url(ref):
        table, key, col = ref
        return reverse("reports:drill", args=[report.pk, table, key, col])

    return url


def _overview_rows(report: AnnualReport) -> list[dict]:
    extra = (report.data or {}).get("extra", {})
    ov = extra.get("overview") or {}
    # the mailbox figures are stored nested ("mailbox": {"received": …}) since they became one group, flat
    # ("mailbox_received": …) in reports computed before: both read as the drill-down's keys
    values = {**ov.get("channels", {}), **{f"mailbox_{k}": v for k, v in ov.get("mailbox", {}).items()},
              **{k: v for k, v in ov.items() if not isinstance(v, dict)}}
    values["fee"] = extra.get("fee_yuan")
    rows = []
    for key, (label, _ledger) in OVERVIEW_FIGURES.items():
        if key not in values or values[key] is None:
            continue
        rows.append({"label": label, "value": values[key],
                     "url": reverse("reports:drill", args=[report.pk, "ov", key, 0])})
    return rows


def _manual_rows(report: AnnualReport) -> list[dict]:
    """The report's hand-entered cells with the agency's figure (None: not entered yet)."""
    have = {(f.row_key, f.column_key): f for f in ManualFigure.objects.filter(agency=report.agency, year=report.year)}
    return [{"row": row, "col": col, "block": block, "figure": have.get((row.key, col.key)),
             "name": manual_name(row, col)} for block, row, col in manual_cells(report)]


@staff_required
def report_detail(request, pk: int):
    report = _report(request, pk)
    data = report.report_data
    ctx = report_context(data, report.title, drill=_drill_url(report), blank_text="未填写")
    user, agency = request.user, report.agency
    available = ACTIONS.by_name_available(report, user)
    ctx.update({
        "report": report,
        "available": available,  # {action name: unbound form or None}: what this user may do now
        "buttons": [(name, ACTIONS.by_name[name], form) for name, form in available.items()
                    if name in ("refresh", "review", "publish", "reopen")],
        "texts": [(n, SECTION_LABELS[n], report.texts.get(n, "")) for n in EDITABLE_SECTIONS],
        "overview_rows": _overview_rows(report),
        "manual_rows": _manual_rows(report),
        "events": decorate(Event.objects.for_object(report)[:30]),
        "downloads": list(CONTENT_TYPES),
        "timeliness": timeliness(report, timezone.localdate()),
        "versions": version_history(report),
    })
    if report.is_rollup:
        ctx["statuses"] = member_statuses(report)
        chosen = set(report.members.values_list("id", flat=True))
        ctx["candidates"] = [(a, a.pk in chosen) for a in agency.descendants().order_by("path")]
    return render(request, "reports/detail.html", ctx)


report_action = action_view(get=_report, menu=ACTIONS, done="reports:detail")


@staff_required
def report_drill(request, pk: int, table: str, key: str, col: int):
    report = _report(request, pk)
    d = drill(report, table, key, col, user=request.user)
    context = {"report": report, "drill": d}
    if d.querysets:
        page, links = d.page(request.GET.get("page"))
        context.update(page=page, links=links, first=page.start_index(),
                       page_links=list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)))
    return render(request, "reports/drill.html", context)


@staff_required
def report_drill_export(request, pk: int, table: str, key: str, col: int):
    """Every record of a drill-down as XLSX (however many there are)."""
    report = _report(request, pk)
    d = drill(report, table, key, col, user=request.user)
    rows = (record_row(n, obj) for n, obj in enumerate(d.records, start=1))
    body = xlsx.write_table([("明细", ["序号", "类型", "记录", "机关", "编号"], rows)],
                       widths={"明细": (8, 14, 60, 28, 10)})
    resp = HttpResponse(body, content_type=xlsx.MIME)
    name = f"{report.year}-{table}-{key}-{col}.xlsx"
    resp["Content-Disposition"] = f'attachment; filename="drilldown-{name}"'
    return resp


@staff_required
def report_download(request, pk: int, ext: str):
    report = _report(request, pk)
    return _download(report, ext)


def _download(report: AnnualReport, ext: str, version: int | None = None) -> HttpResponse:
    """A report's file: a published report's stored file (the current version, or an earlier one it
    has published), a draft's rendered now."""
    if ext not in CONTENT_TYPES:
        raise Http404("不支持的文件格式。")
    if version is not None and (report.state != State.PUBLISHED or not 1 <= version <= report.published_version):
        raise Http404("没有这个发布版本。")
    if report.state == State.PUBLISHED:
        body = stored_file(report, ext, version)
    else:
        body = render_file(report.report_data, ext, report.title)
    resp = HttpResponse(body, content_type=CONTENT_TYPES[ext])
    suffix = f"-v{version}" if version is not None else ""
    filename = f"annual-report-{report.agency.slug}-{report.year}{suffix}.{ext}"
    resp["Content-Disposition"] = f'{"inline" if ext in ("html", "pdf") else "attachment"}; filename="{filename}"'
    return resp
