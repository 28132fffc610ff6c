"""The portal's 年度报告 column (/annual-reports/): published reports only, each with its publication
record — the first publication, every later version with its 更正说明, and each version's files with
their SHA-256 (an earlier version stays downloadable)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from gongkai.common.params import parse_year
from gongkai.reports.downloads import CONTENT_TYPES, LABELS
from gongkai.reports.models import AnnualReport, State
from gongkai.reports.published import version_history
from gongkai.reports.render_html import report_context
from gongkai.reports.views import _download


def _published():
    return AnnualReport.objects.filter(state=State.PUBLISHED).select_related("agency")


def published_list(request):
    reports = _published().order_by("-year", "agency__path")
    raw = (request.GET.get("year") or "").strip()
    year = parse_year(raw)
    if year is not None:
        reports = reports.filter(year=year)
    year_error = f"年度“{raw[:20]}”不正确，应为四位数字的年份（例如 2025），下面列出全部年度。" if raw and year is None else ""
    years = sorted(set(_published().values_list("year", flat=True)), reverse=True)
    return render(request, "reports/public_list.html", {"reports": reports, "years": years, "year": year,
                                                         "year_error": year_error})


def published_detail(request, pk: int):
    report = get_object_or_404(_published(), pk=pk)
    ctx = report_context(report.report_data, report.title)
    versions = version_history(report)
    ctx.update({"report": report, "downloads": [(ext, LABELS[ext]) for ext in CONTENT_TYPES],
                "versions": versions, "current": next((v for v in versions if v["current"]), None),
                "labels": LABELS})
    return render(request, "reports/public_detail.html", ctx)


def published_download(request, pk: int, ext: str):
    return _download(get_object_or_404(_published(), pk=pk), ext)


def version_download(request, pk: int, version: int, ext: str):
    """A file of one published version (the current one or an earlier one), as kept."""
    return _download(get_object_or_404(_published(), pk=pk), ext, version)
