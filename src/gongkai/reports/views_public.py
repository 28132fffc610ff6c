"""The portal's 年度报告 column (/annual-reports/): published reports only."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from gongkai.reports.downloads import CONTENT_TYPES, LABELS
from gongkai.reports.models import AnnualReport, State
from gongkai.reports.render_html import report_context
from gongkai.reports.views import _download


def _published():
    return AnnualReport.objects.filter(state=State.PUBLISHED).select_related("agency")


def published_list(request):
    reports = _published().order_by("-year", "agency__path")
    year = request.GET.get("year", "")
    if year.isdigit():
        reports = reports.filter(year=int(year))
    years = sorted(set(_published().values_list("year", flat=True)), reverse=True)
    return render(request, "reports/public_list.html", {"reports": reports, "years": years, "year": year})


def published_detail(request, pk: int):
    report = get_object_or_404(_published(), pk=pk)
    ctx = report_context(report.report_data, report.title)
    ctx.update({"report": report, "downloads": [(ext, LABELS[ext]) for ext in CONTENT_TYPES]})
    return render(request, "reports/public_detail.html", ctx)


def published_download(request, pk: int, ext: str):
    return _download(get_object_or_404(_published(), pk=pk), ext)
