"""A statistics period: a calendar year or a date range (from / to, both days included).

The ledgers' reporting functions take `year: int | Period` (`span` turns either into its first and last
day), so a dashboard figure for a range is counted by the same conditions as for a year, and its
drill-down lists the same records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MAX_RANGE_DAYS = 5 * 366  # a dashboard range of at most about five years


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def of_month(cls, year: int, month: int) -> Period:
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return cls(dt.date(year, month, 1), nxt - dt.timedelta(days=1))

    @property
    def year(self) -> int | None:
        """The year when the period is exactly one calendar year, else None."""
        whole = self.first == dt.date(self.first.year, 1, 1) and self.last == dt.date(self.first.year, 12, 31)
        return self.first.year if whole else None

    @property
    def label(self) -> str:
        if self.year is not None:
            return f"{self.year}年"
        return f"{_zh(self.first)}至{_zh(self.last)}"

    @property
    def slug(self) -> str:
        """For file names: 2021, or 2021-03-01_2021-06-30."""
        return str(self.year) if self.year is not None else f"{self.first.isoformat()}_{self.last.isoformat()}"

    def query(self) -> str:
        """The query-string part selecting this period (year=… or from=…&to=…)."""
        if self.year is not None:
            return f"year={self.year}"
        return f"from={self.first.isoformat()}&to={self.last.isoformat()}"

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        out, y, m = [], self.first.year, self.first.month
        while (y, m) <= (self.last.year, self.last.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def clip(self, other: Period) -> Period | None:
        """The part of `other` inside this period (None when they do not overlap)."""
        first, last = max(self.first, other.first), min(self.last, other.last)
        return Period(first, last) if first <= last else None


def span(year: int | Period) -> tuple[dt.date, dt.date]:
    """(first day, last day) of a year or a period."""
    if isinstance(year, Period):
        return year.first, year.last
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def parse_date(text: str | None) -> dt.date | None:
    """YYYY-MM-DD (what an <input type=date> sends), else None."""
    text = (text or "").strip()
    if len(text) != 10 or not text.isascii():
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_range(raw_from: str | None, raw_to: str | None, min_year: int, max_day: dt.date) -> tuple[Period | None, str]:
    """A period from two form values; (None, a Chinese message saying what is wrong) for bad input."""
    first, last = parse_date(raw_from), parse_date(raw_to)
    if first is None or last is None:
        which = "起始日期" if first is None else "截止日期"
        return None, f"{which}不是有效的日期，请按“年-月-日”填写，例如 2021-03-01；已改为显示整年的统计。"
    if first > last:
        return None, "起始日期晚于截止日期，请对调两个日期后再查看；已改为显示整年的统计。"
    if first.year < min_year or last > max_day:
        return None, (f"日期范围须在 {min_year}年1月1日 至 {_zh(max_day)} 之间，请调整后再查看；"
                      "已改为显示整年的统计。")
    if (last - first).days >= MAX_RANGE_DAYS:
        return None, "日期范围最长五年，请缩短后再查看；已改为显示整年的统计。"
    return Period(first, last), ""


def parse_month(raw: str | None, period: Period) -> Period | None:
    """A month inside `period` from ?month=: "2021-03", or "3" when the period is one year; clipped to the
    period; None for anything else."""
    text = (raw or "").strip()
    if not text.isascii():
        return None
    try:
        if "-" in text:
            y, m = (int(p) for p in text.split("-", 1))
        elif period.year is not None and text.isdecimal():
            y, m = period.year, int(text)
        else:
            return None
        if not 1 <= m <= 12 or not 1 <= y <= 9999:
            return None
        month = Period.of_month(y, m)  # 9999-12 would end in year 10000: a ValueError, not a 500
    except ValueError:
        return None
    return period.clip(month)
