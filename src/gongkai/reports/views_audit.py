"""Public report-audit page (researchers, supervisors): upload a published annual report or paste its
text → the recovered tables beside the original, findings highlighted on their cells, and downloads
of the JSON interchange and an Excel workbook. No login; upload size and type are checked."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.common import ratelimit
from gongkai.common.xlsx import MIME
from gongkai.reports.audit_export import cell_marks, counts, interchange, workbook
from gongkai.reports.parse_sandbox import parse_upload
from gongkai.rules.formats import FORMATS, TABLE3_COLUMNS, TABLE4_GROUPS, TABLE4_RESULTS
from gongkai.rules.parse import MAX_BYTES, ReportParseError, audit_report
from gongkai.rules.parse.normalize import BLANK
from gongkai.rules.parse.readers import read_plain
from gongkai.rules.parse.report import parse_cells
from gongkai.rules.report_data import ReportData

ALLOWED_SUFFIXES = {".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".xlsx", ".pdf", ".md", ".json"}
MAX_PASTE_CHARS = 2_000_000
RATE_LIMIT = (30, 600)  # audits per client address per 10 minutes (settings.GONGKAI_AUDIT_RATE_LIMIT)


def _max_upload() -> int:
    return min(getattr(settings, "GONGKAI_UPLOAD_MAX_BYTES", MAX_BYTES), MAX_BYTES)


@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    context: dict = {"max_mb": _max_upload() // 1024 // 1024, "suffixes": " ".join(sorted(ALLOWED_SUFFIXES))}
    if request.method == "GET":
        return render(request, "reports/audit/index.html", context)
    try:
        post, files = request.POST, request.FILES
    except RequestDataTooBig:
        context["error"] = f"提交的内容过大，上限为 {context['max_mb']} MB。请上传文件而不是粘贴，或检查是否选错了文件。"
        return render(request, "reports/audit/index.html", context, status=400)
    if _rate_limited(request):
        limit, window = getattr(settings, "GONGKAI_AUDIT_RATE_LIMIT", RATE_LIMIT)
        context["error"] = f"提交过于频繁，请稍后再试（每个地址每 {window // 60} 分钟最多审核 {limit} 份）。"
        return render(request, "reports/audit/index.html", context, status=429)
    upload = files.get("report")
    pasted = (post.get("text") or "").strip()
    context["pasted"] = pasted[:MAX_PASTE_CHARS]
    try:
        if upload is not None:
            report, cells, name = _read_upload(upload)
        elif pasted:
            if len(pasted) > MAX_PASTE_CHARS:
                raise ReportParseError("粘贴的文字过长（超过 200 万字），请改为上传文件。")
            kind, cells, name = "text", read_plain(pasted), "粘贴的文字"
        else:
            raise ReportParseError("请选择报告文件，或把报告全文（含表格）粘贴到文本框中。")
        if upload is None:
            report = parse_cells(cells, kind)
        previous = None
        prev_upload = files.get("previous")
        if prev_upload is not None:
            previous, _pcells, _pname = _read_upload(prev_upload, what="上一年度报告")
        published = _published(post.get("published"))
        audit_report(report, previous, published)
    except ReportParseError as exc:
        context["error"] = str(exc)
        return render(request, "reports/audit/index.html", context, status=400)
    context.update(_result_context(report, cells, name))
    return render(request, "reports/audit/index.html", context)


def _published(raw: str | None) -> dt.date | None:
    if not raw or not raw.strip():
        return None
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ReportParseError(f"发布日期“{raw.strip()}”格式不正确，请按 2021-01-25 的格式填写，或留空由系统从文中查找。") from None


def _read_upload(upload, what: str = "报告文件") -> tuple[ReportData, str, str]:  # type: ignore[no-untyped-def]
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ReportParseError(
            f"{what}“{name}”的类型不支持。请上传网页（.html/.htm）、Word（.docx）、PDF 或文本（.txt）文件。"
        )
    if upload.size > _max_upload():
        raise ReportParseError(
            f"{what}过大（{upload.size / 1024 / 1024:.1f} MB），上限为 {_max_upload() // 1024 // 1024} MB。"
        )
    data = upload.read()
    report, cells = parse_upload(data, name)
    return report, cells, name


def _rate_limited(request: HttpRequest) -> bool:
    limit, window = getattr(settings, "GONGKAI_AUDIT_RATE_LIMIT", RATE_LIMIT)
    return not ratelimit.hit("audit", ratelimit.client_ip(request), limit, window)


def _result_context(report: ReportData, cells: str, name: str) -> dict:
    spec = FORMATS[report.format]
    marks = cell_marks(report)
    numbered = [{"n": i + 1, "f": f} for i, f in enumerate(report.findings)]
    index_of = {id(f): i + 1 for i, f in enumerate(report.findings)}

    def cell(table: str, label: str, col: int, value) -> dict:  # type: ignore[no-untyped-def]
        found = marks.get((table, label, col), [])
        blank = (table, label, col) in report.blanks
        cls = "err" if any(f.severity == "error" for f in found) else ("warn" if found else "")
        titles = [f"[{f.code}] {f.message}" for f in found]
        if blank:
            cls = (cls + " blank").strip()
            titles.append("原表此格空白，按 0 读取")
        return {
            "value": value,
            "cls": cls,
            "title": "\n".join(titles),
            "refs": [index_of[id(f)] for f in found],
        }

    t2 = []
    for block in spec.table2:
        rows = []
        for row in block.rows:
            vals = report.table2.get(row.label, [])
            rows.append({"label": row.label, "cells": [cell("table2", row.label, j, v) for j, v in enumerate(vals)]})
        t2.append({"label": block.label, "columns": [c.label for c in block.columns], "rows": rows})
    t3 = [
        {"label": row.label, "cells": [cell("table3", row.label, j, v) for j, v in enumerate(report.table3.get(row.label, []))]}
        for row in spec.table3_rows
    ]
    t4 = [cell("table4", "", j, v) for j, v in enumerate(report.table4)]
    errors, warnings = counts(report)
    payload = json.dumps(interchange(report), ensure_ascii=False)
    return {
        "report": report,
        "spec": spec,
        "source_name": name,
        "original": cells.replace(BLANK, "□"),
        "table2": t2,
        "table3": t3,
        "table3_columns": [c.label for c in TABLE3_COLUMNS],
        "table4": t4,
        "table4_groups": [g[1] for g in TABLE4_GROUPS],
        "table4_results": [r[1] for r in TABLE4_RESULTS],
        "findings": numbered,
        "errors": errors,
        "warnings": warnings,
        "payload": payload,
        "text_figures": report.extra.get("text_figures"),
    }


@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """Download what the page shows: the JSON interchange or an Excel workbook (stateless: the page
    posts back the interchange it received)."""
    try:
        data = json.loads(request.POST.get("payload") or "")
        if not isinstance(data, dict) or str(data.get("format")) not in FORMATS:
            raise ValueError
        report = ReportData.from_json(data)
    except (ValueError, TypeError, KeyError, AttributeError):
        return render(
            request,
            "reports/audit/index.html",
            {"error": "下载失败：审核结果数据不完整。请重新上传报告后再下载。", "max_mb": _max_upload() // 1024 // 1024},
            status=400,
        )
    stem = f"{report.agency or '年度报告'}{report.year or ''}-审核结果"
    if request.POST.get("as") == "xlsx":
        response = HttpResponse(
            workbook(report), content_type=MIME
        )
        filename = stem + ".xlsx"
    else:
        response = HttpResponse(
            json.dumps(interchange(report), ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
        filename = stem + ".json"
    response["Content-Disposition"] = f"attachment; filename=\"audit.{filename.rsplit('.', 1)[1]}\"; filename*=UTF-8''{quote(filename)}"
    return response
