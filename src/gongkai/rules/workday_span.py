"""The public working-day calculator's arithmetic: a start date and N working days → the due date, with
the days the count stepped over explained (holidays that fell on weekdays or weekends, make-up workdays
(调休上班) that counted) and the provisional years it went through. Pure: takes a `Calendar`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.rules.workdays import ONE_DAY, Calendar

MAX_WORKDAYS = 250  # about one year of working days; the statutory periods are 15, 20 and 40


@dataclass(frozen=True)
class Span:
    start: dt.date
    workdays: int
    due: dt.date
    holidays: tuple[tuple[dt.date, str], ...]  # named days off stepped over (start < d <= due)
    makeup_workdays: tuple[tuple[dt.date, str], ...]  # weekend days counted as working days
    weekend_days: int  # ordinary Saturdays and Sundays stepped over (not holidays)
    provisional_years: tuple[int, ...]  # years whose holiday notice is not confirmed

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)


def explain_add_workdays(calendar: Calendar, start: dt.date, workdays: int) -> Span:
    """The `workdays`-th working day after `start` (the day of `start` does not count), and why."""
    if not 0 <= workdays <= MAX_WORKDAYS:
        raise ValueError(f"工作日数应在 0 到 {MAX_WORKDAYS} 之间")
    due = calendar.add_workdays(start, workdays)
    holidays: list[tuple[dt.date, str]] = []
    makeup: list[tuple[dt.date, str]] = []
    weekend = 0
    day = start + ONE_DAY
    while day <= due:
        working = calendar.is_workday(day)
        name = calendar.holiday_name(day)
        if not working and name:
            holidays.append((day, name))
        elif working and day.weekday() >= 5:
            makeup.append((day, calendar.makeup_workdays.get(day, "调休上班")))
        elif not working:
            weekend += 1
        day += ONE_DAY
    return Span(start, workdays, due, tuple(holidays), tuple(makeup), weekend,
                tuple(calendar.provisional_years(dt.date(y, 1, 1) for y in range((start + ONE_DAY).year, due.year + 1))))


def workday_ordinals(calendar: Calendar, first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """{day: working days d with first < d <= day} for every day first..last, so the working days between
    two of them (as `Calendar.workdays_between`) is the difference of their ordinals."""
    out: dict[dt.date, int] = {}
    n, day = 0, first
    while day <= last:
        if day != first and calendar.is_workday(day):
            n += 1
        out[day] = n
        day += ONE_DAY
    return out
