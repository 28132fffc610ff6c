"""Statutory public holidays of a year, from 《全国年节及纪念日放假办法》.

Used for a *provisional* calendar year: one whose 国务院办公厅 holiday notice nobody has entered yet.
It has these statutory days off and no 调休 (make-up workdays); see rules.md §1.7.
"""

from __future__ import annotations

import datetime as dt

from lunardate import LunarDate

# The 2024 revision (in force 2025-01-01) added 除夕 and 5月2日.
REVISION_2025 = 2025


def qingming(year: int) -> dt.date:
    """The 清明 solar-term day (4 or 5 April) by the 寿星 formula for 1901–2099.

    day = floor(Y * 0.2422 + C) - floor(Y / 4) with Y = year % 100 and C = 4.81 in the 21st century
    (5.59 and floor((Y - 1) / 4) in the 20th). The tests check it against the seeded calendars.
    """
    if not 1901 <= year <= 2099:
        raise ValueError(f"清明日期只支持 1901–2099 年，收到 {year}")
    y = year % 100
    c = 4.81 if year >= 2000 else 5.59
    day = int(y * 0.2422 + c) - (y // 4 if year >= 2000 else (y - 1) // 4)
    return dt.date(year, 4, day)


def _lunar(year: int, month: int, day: int) -> dt.date:
    return LunarDate(year, month, day).to_solar_date()


def chinese_new_years_eve(year: int) -> dt.date:
    """除夕: the day before 正月初一 of the lunar year starting in this Gregorian year."""
    return _lunar(year, 1, 1) - dt.timedelta(days=1)


def statutory_holidays(year: int) -> dict[dt.date, str]:
    """Every statutory day off in `year`, mapped to the festival's name."""
    days: dict[dt.date, str] = {}

    def add(day: dt.date, name: str) -> None:
        # 中秋 can fall within 国庆 (2028-10-03): the day keeps both names
        days[day] = f"{days[day]}、{name}" if day in days and name not in days[day] else name

    add(dt.date(year, 1, 1), "元旦")
    spring = _lunar(year, 1, 1)
    first = -1 if year >= REVISION_2025 else 0
    for offset in range(first, 3):
        add(spring + dt.timedelta(days=offset), "春节")
    add(qingming(year), "清明节")
    add(dt.date(year, 5, 1), "劳动节")
    if year >= REVISION_2025:
        add(dt.date(year, 5, 2), "劳动节")
    add(_lunar(year, 5, 5), "端午节")
    add(_lunar(year, 8, 15), "中秋节")
    for d in (1, 2, 3):
        add(dt.date(year, 10, d), "国庆节")
    return dict(sorted(days.items()))
