"""The portal's working-day calculator (/workdays/): a start date and N working days → the due date, with the
holidays and 调休 days it skipped, marked 暂定 where a year's holiday notice is not confirmed yet."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render

from gongkai.rules.workday_span import MAX_WORKDAYS, explain_add_workdays
from gongkai.workcalendar.service import get_calendar

FIRST_YEAR, LAST_YEAR = 2000, 2098
PRESETS = ((15, "补正告知、征求第三方意见"), (20, "依申请公开答复期限（第三十三条）"), (40, "延期后的最长答复期限"))


def parse_start(raw: str) -> tuple[dt.date | None, str]:
    """(date, '') or (None, a Chinese error) for a YYYY-MM-DD start date within the calculator's years."""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None, f"起算日期“{raw[:20]}”格式不正确，应为“年-月-日”，例如 2026-12-15。"
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return None, f"起算日期应在 {FIRST_YEAR} 年至 {LAST_YEAR} 年之间。"
    return day, ""


def parse_days(raw: str) -> tuple[int | None, str]:
    text = raw.strip()
    if not text.isascii() or not text.isdecimal() or len(text) > 4 or int(text) > MAX_WORKDAYS:
        return None, f"工作日数“{raw[:20]}”不正确，应为 0 到 {MAX_WORKDAYS} 之间的整数。"
    return int(text), ""


def calculate(start_raw: str, days_raw: str):
    """(Span or None, [errors]) for the raw query values."""
    start, start_error = parse_start(start_raw.strip())
    days, days_error = parse_days(days_raw)
    errors = [e for e in (start_error, days_error) if e]
    if errors:
        return None, errors
    return explain_add_workdays(get_calendar(), start, days), []


def calculator(request):
    start_raw = request.GET.get("start", "")
    days_raw = request.GET.get("days", "")
    span, errors = (None, [])
    if start_raw or days_raw:
        span, errors = calculate(start_raw, days_raw)
    return render(request, "workcalendar/public_calculator.html", {
        "span": span, "errors": errors, "start": start_raw[:20] or dt.date.today().isoformat(),
        "days": days_raw[:10], "presets": PRESETS, "max_days": MAX_WORKDAYS,
    }, status=400 if errors else 200)
