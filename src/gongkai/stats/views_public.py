"""The portal's 数据开放 column (/data/): per agency and year, applications received and answered, the share
answered within the statutory period, reply times, the outcome mix and proactive items per channel; as a
page with a chart and table, and as CSV and JSON downloads. Counts only — nothing personal."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.common.params import parse_year
from gongkai.common.xlsx import FORMULA_START
from gongkai.stats.charts import bar_chart
from gongkai.stats.public import CHANNEL_LABELS, COLUMNS, OUTCOME_GROUPS, TABLE3_HEADERS, figures_by_agency

FIRST_YEAR = 2008  # the first year of the 条例 (2007 version, in force 2008-05-01)


def _years() -> list[int]:
    return list(range(dt.date.today().year, FIRST_YEAR - 1, -1))


def _year(request) -> tuple[int, str]:
    default = dt.date.today().year - 1
    raw = (request.GET.get("year") or "").strip()
    year = parse_year(raw)
    if raw and (year is None or year < FIRST_YEAR):
        return default, f"年度“{raw[:20]}”不正确，应为 {FIRST_YEAR} 年以来的四位年份；下面显示 {default} 年。"
    return year or default, ""


def _agencies():
    return list(Agency.objects.order_by("path"))


def index(request):
    year, error = _year(request)
    rows = figures_by_agency(_agencies(), year)
    chart = bar_chart([r["agency"] for r in rows], [
        ("新收申请", [r["received"] for r in rows]),
        ("本年办结", [r["answered"] for r in rows]),
        ("主动公开信息", [r["items_total"] for r in rows]),
    ], urls=lambda s, i: reverse("stats_public:agency", args=[rows[i]["slug"]]) + f"?year={year}")
    return render(request, "stats/public_index.html", {
        "year": year, "years": _years(), "year_error": error, "rows": rows, "chart": chart,
        "outcome_groups": OUTCOME_GROUPS,
    }, status=400 if error else 200)


def agency(request, slug: str):
    one = get_object_or_404(Agency, slug=slug)
    year, error = _year(request)
    row = figures_by_agency([one], year)[0]
    chart = bar_chart([label for _, label in OUTCOME_GROUPS],
                      [("办理结果", [row[f"outcome_{key}"] for key, _ in OUTCOME_GROUPS])])
    channels = [(CHANNEL_LABELS[k.removeprefix("items_")], row[k]) for k, _ in COLUMNS if k.startswith("items_")]
    return render(request, "stats/public_agency.html", {
        "agency": one, "year": year, "years": _years(), "year_error": error, "row": row, "chart": chart,
        "table3_headers": TABLE3_HEADERS, "channels": channels,
    }, status=400 if error else 200)


def _csv_value(value):
    """A CSV cell: empty for no figure; text a spreadsheet would read as a formula is quoted with '."""
    if value is None:
        return ""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def download(request, year: int, ext: str):
    if not FIRST_YEAR <= year <= dt.date.today().year or ext not in ("csv", "json"):
        raise Http404("没有这个年度或格式的统计数据（可下载 CSV 或 JSON）。")
    rows = figures_by_agency(_agencies(), year)
    keys = [k for k, _ in COLUMNS]
    name = f"gongkai-statistics-{year}.{ext}"
    if ext == "json":
        body = json.dumps({
            "year": year,
            "columns": [{"key": k, "label": label} for k, label in COLUMNS],
            "agencies": [{**{k: r[k] for k in keys},
                          "table3": {t["label"]: t["values"] for t in r["table3"]}} for r in rows],
            "table3_columns": list(TABLE3_HEADERS),
        }, ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([label for _, label in COLUMNS])
        for r in rows:
            writer.writerow([_csv_value(r[k]) for k in keys])
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
