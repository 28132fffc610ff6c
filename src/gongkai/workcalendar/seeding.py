"""Seed the confirmed years 2004–2026 from the `chinesecalendar` package (used for nothing else)."""

from __future__ import annotations

import datetime as dt

SEED_YEARS = range(2004, 2027)
# What a year seeded with the platform says about where its days come from (earlier versions stored
# "国务院办公厅节假日安排通知（chinesecalendar 数据导入）", which names a software package, not a source).
SEEDED_SOURCE = "历年国务院办公厅节假日安排通知（平台预置）"
LEGACY_SEEDED_SOURCES = {"国务院办公厅节假日安排通知（chinesecalendar 数据导入）"}

_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def chinesecalendar_days() -> tuple[dict[dt.date, str], dict[dt.date, str]]:
    from chinese_calendar import constants

    holidays = {d: _NAMES.get(n, n) for d, n in constants.holidays.items() if d.year in SEED_YEARS}
    workdays = {d: _NAMES.get(n, n) for d, n in constants.workdays.items() if d.year in SEED_YEARS}
    return holidays, workdays


def seed(CalendarYear, ExceptionDay) -> None:  # noqa: N803 - models passed in by the migration
    holidays, workdays = chinesecalendar_days()
    years = {}
    for y in SEED_YEARS:
        years[y], _ = CalendarYear.objects.update_or_create(
            year=y, defaults={"status": "confirmed", "source": SEEDED_SOURCE}
        )
    rows = [ExceptionDay(date=d, year=years[d.year], kind="holiday", name=n[:30]) for d, n in holidays.items()]
    rows += [ExceptionDay(date=d, year=years[d.year], kind="workday", name=n[:30]) for d, n in workdays.items()]
    ExceptionDay.objects.filter(date__in=[r.date for r in rows]).delete()
    ExceptionDay.objects.bulk_create(rows)
