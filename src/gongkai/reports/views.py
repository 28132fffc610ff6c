"""Staff pages of the annual report (/work/reports/): list and create, edit and check, review and
publish, hand-entered figures, the government roll-up, drill-down and downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies.scoping import has_role, staff_agencies
from gongkai.common.params import parse_int, parse_year
from gongkai.journal.models import Event
from gongkai.reports import actions
from gongkai.reports.compute import LEDGER_BLOCK
from gongkai.reports.downloads import CONTENT_TYPES, render_file
from gongkai.reports.drilldown import OVERVIEW_FIGURES, drill
from gongkai.reports.government import default_members, member_statuses
from gongkai.reports.models import (
    EDITABLE_SECTIONS,
    SECTION_LABELS,
    AnnualReport,
    Format,
    ManualFigure,
    State,
)
from gongkai.reports.published import stored_file
from gongkai.reports.render_html import report_context
from gongkai.rules.report_deadline import rule_sentence
from gongkai.workbench.decorators import staff_required


def _error(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _report(request, pk: int) -> AnnualReport:
    return get_object_or_404(AnnualReport.objects.for_user(request.user).select_related("agency"), pk=pk)


@staff_required
def report_list(request):
    reports = AnnualReport.objects.for_user(request.user).select_related("agency").order_by("-year", "agency__path")
    drafting = [a for a in staff_agencies(request.user).order_by("path") if has_role(request.user, a, *actions.DRAFT_ROLES)]
    return render(request, "reports/list.html", {
        "reports": reports, "drafting": drafting, "formats": Format.choices,
        "this_year": timezone.localdate().year - 1, "deadline_rule": rule_sentence(),
        "can_rollup": any(a.is_government and has_role(request.user, a, *actions.ROLLUP_ROLES) for a in drafting),
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
    values = {**ov.get("channels", {}), **{k: v for k, v in ov.items() if not isinstance(v, dict)}}
    values["fee"] = extra.get("fee_yuan")
    rows = []
    for key, (label, _ledger) in OVERVIEW_FIGURES.items():
        if key not in values or values[key] is None:
            continue
        rows.append({"label": label, "value": values[key],
                     "url": reverse("reports:drill", args=[report.pk, "ov", key, 0])})
    return rows


def _manual_rows(report: AnnualReport) -> list[dict]:
    spec = report.report_data.spec
    ids = [report.agency_id]
    have = {(f.row_key, f.column_key): f for f in ManualFigure.objects.filter(agency_id__in=ids, year=report.year)}
    rows = []
    for block, row in spec.table2_rows:
        if block.key == LEDGER_BLOCK:
            continue
        for col in block.columns:
            f = have.get((row.key, col.key))
            rows.append({"row": row, "col": col, "block": block, "figure": f,
                         "name": f"{row.key}__{col.key}"})
    return rows


@staff_required
def report_detail(request, pk: int):
    report = _report(request, pk)
    data = report.report_data
    ctx = report_context(data, report.title, drill=_drill_url(report))
    user, agency = request.user, report.agency
    ctx.update({
        "report": report,
        "can_draft": has_role(user, agency, *actions.DRAFT_ROLES) and report.state == State.DRAFT,
        "can_choose_members": report.is_rollup and report.state == State.DRAFT
        and has_role(user, agency, *actions.ROLLUP_ROLES),
        "can_review": has_role(user, agency, *actions.REVIEW_ROLES) and report.state == State.DRAFT,
        "can_publish": has_role(user, agency, *actions.PUBLISH_ROLES) and report.state == State.REVIEWED,
        "can_reopen": report.state != State.DRAFT and has_role(
            user, agency, *(actions.PUBLISH_ROLES if report.state == State.PUBLISHED else actions.REVIEW_ROLES)),
        "texts": [(n, SECTION_LABELS[n], report.texts.get(n, "")) for n in EDITABLE_SECTIONS],
        "overview_rows": _overview_rows(report),
        "manual_rows": _manual_rows(report),
        "events": Event.objects.for_object(report)[:30],
        "downloads": list(CONTENT_TYPES),
    })
    if report.is_rollup:
        ctx["statuses"] = member_statuses(report)
        chosen = set(report.members.values_list("id", flat=True))
        ctx["candidates"] = [(a, a.pk in chosen) for a in agency.descendants().order_by("path")]
    return render(request, "reports/detail.html", ctx)


def _act(request, pk: int, fn, ok: str):
    report = _report(request, pk)
    try:
        fn(report)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, ok)
    return redirect("reports:detail", report.pk)


@staff_required
@require_POST
def report_refresh(request, pk: int):
    return _act(request, pk, lambda r: actions.refresh_report(request.user, r), "已按最新台账数据重新生成。")


@staff_required
@require_POST
def report_texts(request, pk: int):
    texts = {n: request.POST.get(f"text_{n}", "") for n in EDITABLE_SECTIONS if f"text_{n}" in request.POST}
    return _act(request, pk, lambda r: actions.save_texts(request.user, r, texts), "正文已保存。")


@staff_required
@require_POST
def report_review(request, pk: int):
    return _act(request, pk, lambda r: actions.mark_reviewed(request.user, r), "报告已审核，可以发布。")


@staff_required
@require_POST
def report_publish(request, pk: int):
    reason = request.POST.get("override_reason", "")
    return _act(request, pk, lambda r: actions.publish(request.user, r, reason), "报告已在门户网站“年度报告”栏目发布。")


@staff_required
@require_POST
def report_reopen(request, pk: int):
    reason = request.POST.get("reason", "")
    return _act(request, pk, lambda r: actions.reopen(request.user, r, reason), "报告已退回修改。")


@staff_required
@require_POST
def report_members(request, pk: int):
    report = _report(request, pk)
    ids = [i for i in (parse_int(x, minimum=1) for x in request.POST.getlist("members")) if i is not None]
    members = list(report.agency.descendants().filter(pk__in=ids))
    return _act(request, pk, lambda r: actions.set_members(request.user, r, members), "汇总范围已更新。")


@staff_required
@require_POST
def report_manual(request, pk: int):
    report = _report(request, pk)
    saved, failed = 0, []
    for row in _manual_rows(report):
        name = row["name"]
        value = request.POST.get(f"value_{name}", "").strip()
        source = request.POST.get(f"source_{name}", "").strip()
        f = row["figure"]
        if value == "" and f is None:
            continue
        if f is not None and value == f"{f.value.normalize():f}" and source == f.source:
            continue
        try:
            actions.set_manual_figure(request.user, report.agency, report.year, row["row"].key, row["col"].key,
                                      value, source)
            saved += 1
        except ValidationError as exc:
            failed.append(f"{row['row'].label}“{row['col'].label}”：{'；'.join(exc.messages)}")
    for msg in failed:
        messages.error(request, msg)
    if saved and report.state == State.DRAFT:
        try:
            actions.refresh_report(request.user, report)
        except ValidationError as exc:
            _error(request, exc)
    if saved:
        messages.success(request, f"已保存 {saved} 项手工填报数。")
    elif not failed:
        messages.info(request, "没有变化。")
    return redirect("reports:detail", report.pk)


@staff_required
def report_drill(request, pk: int, table: str, key: str, col: int):
    report = _report(request, pk)
    d = drill(report, table, key, col, user=request.user)
    return render(request, "reports/drill.html", {"report": report, "drill": d})


@staff_required
def report_download(request, pk: int, ext: str):
    report = _report(request, pk)
    return _download(report, ext)


def _download(report: AnnualReport, ext: str) -> HttpResponse:
    if ext not in CONTENT_TYPES:
        raise Http404("不支持的文件格式。")
    if report.state == State.PUBLISHED:
        body = stored_file(report, ext)
    else:
        body = render_file(report.report_data, ext, report.title)
    resp = HttpResponse(body, content_type=CONTENT_TYPES[ext])
    filename = f"annual-report-{report.agency.slug}-{report.year}.{ext}"
    resp["Content-Disposition"] = f'{"inline" if ext in ("html", "pdf") else "attachment"}; filename="{filename}"'
    return resp
