"""The supervisor's batch audit pages (/audit/batch/): upload a ZIP or many member reports, watch the
background job's progress, read the summary (agency, year, format, errors, warnings, on time, copied
from last year), each report's findings one click away, and an Excel export. A supervisor sees its
own batches only."""

from __future__ import annotations

from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import agencies_with_role
from gongkai.common.actionview import perform
from gongkai.common.xlsx import MIME
from gongkai.reports.audit_batch import MAX_BATCH_FILES, REPORT_SUFFIXES, batch_counts
from gongkai.reports.audit_export import SUMMARY_HEADERS, batch_workbook, summary_rows
from gongkai.reports.available_audit import ACTIONS
from gongkai.reports.models_audit import AuditBatch
from gongkai.workbench.decorators import staff_required

POLL_SECONDS = 2


def _office(request: HttpRequest):  # type: ignore[no-untyped-def]
    office = agencies_with_role(request.user, Role.SUPERVISOR).first()
    if office is None:
        raise PermissionDenied("批量审核供政务公开办（督导）使用：您没有政务公开办岗位。")
    return office


def _batch(request: HttpRequest, pk: int) -> AuditBatch:
    return get_object_or_404(AuditBatch.objects.for_user(request.user), pk=pk)


@staff_required
@require_http_methods(["GET", "POST"])
def batch_list(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    if request.method == "POST":  # the menu's one action: create a batch (common.actionview)
        results: dict = {}
        if not perform(request, office, ACTIONS, "create", results=results):
            return redirect("audit:batch_list")
        from gongkai.reports.tasks_audit import audit_batch

        batch = results["create"]
        audit_batch(batch.pk)
        return redirect("audit:batch_detail", pk=batch.pk)
    return render(request, "reports/audit/batch_list.html", {
        "office": office, "batches": AuditBatch.objects.for_user(request.user)[:50],
        "actions": ACTIONS.forms(office, request.user),
        "suffixes": " ".join(REPORT_SUFFIXES), "max_files": MAX_BATCH_FILES,
    })


def _summary(batch: AuditBatch) -> dict:
    items = list(batch.items.defer("content").order_by("position"))
    return {
        "items": items,
        "rows": list(zip(items, summary_rows(items), strict=True)),
        "counts": batch_counts(items),
    }


@staff_required
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    context = {"batch": batch, "poll": POLL_SECONDS, "headers": SUMMARY_HEADERS}
    if batch.finished:
        context.update(_summary(batch))
    return render(request, "reports/audit/batch_detail.html", context)


@staff_required
@require_GET
def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar (htmx polls it); once the batch is finished, htmx reloads the whole page."""
    batch = _batch(request, pk)
    response = render(request, "reports/audit/_batch_progress.html", {"batch": batch, "poll": POLL_SECONDS})
    if batch.finished:
        response["HX-Refresh"] = "true"
    return response


@staff_required
@require_GET
def batch_item(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    batch = _batch(request, pk)
    item = get_object_or_404(batch.items.defer("content"), position=position)
    return render(request, "reports/audit/batch_item.html", {"batch": batch, "item": item})


@staff_required
@require_GET
def batch_export(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    items = list(batch.items.defer("content").order_by("position"))
    response = HttpResponse(batch_workbook(batch, items), content_type=MIME)
    filename = f"批量审核-{batch.created_at:%Y%m%d}-{batch.pk}.xlsx"
    response["Content-Disposition"] = f"attachment; filename=\"audit-batch.xlsx\"; filename*=UTF-8''{quote(filename)}"
    return response
