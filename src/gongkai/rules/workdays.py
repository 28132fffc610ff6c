"""Working days under the China calendar: Mon–Fri work, Sat–Sun rest, unless the year's exception days
say otherwise (holidays; make-up workdays, 调休上班).

A year is *confirmed* when its 国务院办公厅 notice has been entered; any other year is *provisional*
and uses the statutory holidays of rules.holidays with no 调休. Every result that relied on a
provisional year can say so (`Calendar.is_provisional_span`).

Counting convention (Art. 31, 33): the day something is received does not count; the deadline is
the n-th working day after it. `workdays_between(a, b)` counts working days d with a < d <= b, so
`workdays_between(d, add_workdays(d, n)) == n`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from gongkai.rules.holidays import statutory_holidays

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=256)
def _provisional_holidays(year: int) -> frozenset[dt.date]:
    try:
        return frozenset(statutory_holidays(year))
    except ValueError:
        return frozenset()


@dataclass(frozen=True)
class Calendar:
    """An immutable working-day calendar.

    holidays:        confirmed days off that would otherwise be workdays (or weekend days named as holiday)
    makeup_workdays: confirmed weekend days that are working days (调休上班)
    confirmed_years: years whose exception days above are authoritative
    """

    holidays: Mapping[dt.date, str] = field(default_factory=dict)
    makeup_workdays: Mapping[dt.date, str] = field(default_factory=dict)
    confirmed_years: frozenset[int] = frozenset()

    def is_confirmed_year(self, year: int) -> bool:
        return year in self.confirmed_years

    def is_workday(self, day: dt.date) -> bool:
        if day.year in self.confirmed_years:
            if day in self.makeup_workdays:
                return True
            if day in self.holidays:
                return False
            return day.weekday() < 5
        if day.weekday() >= 5:
            return False
        return day not in _provisional_holidays(day.year)

    def holiday_name(self, day: dt.date) -> str | None:
        if day.year in self.confirmed_years:
            return self.holidays.get(day)
        return statutory_holidays(day.year).get(day) if 1901 <= day.year <= 2099 else None

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (n >= 0; n == 0 gives `start`)."""
        if n < 0:
            raise ValueError("工作日数不能为负数")
        day = start
        remaining = n
        while remaining:
            day += ONE_DAY
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d <= end; negative when end is before start."""
        if end < start:
            return -self.workdays_between(end, start)
        count = 0
        day = start + ONE_DAY
        while day <= end:
            if self.is_workday(day):
                count += 1
            day += ONE_DAY
        return count

    def next_workday(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day, otherwise the first working day after it."""
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    def is_provisional_span(self, start: dt.date, end: dt.date) -> bool:
        """True when any day in [start, end] lies in an unconfirmed year."""
        lo, hi = min(start, end), max(start, end)
        return any(y not in self.confirmed_years for y in range(lo.year, hi.year + 1))

    def provisional_years(self, days: Iterable[dt.date]) -> list[int]:
        return sorted({d.year for d in days if d.year not in self.confirmed_years})


# Module-level helpers on a default calendar (statutory holidays only, nothing confirmed), for callers
# that pass their own calendar explicitly in real use.
def add_workdays(start: dt.date, n: int, calendar: Calendar | None = None) -> dt.date:
    return (calendar or Calendar()).add_workdays(start, n)


def workdays_between(start: dt.date, end: dt.date, calendar: Calendar | None = None) -> int:
    return (calendar or Calendar()).workdays_between(start, end)
