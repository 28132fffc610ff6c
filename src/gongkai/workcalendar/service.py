"""The calendar in force, built from the tables into a pure rules.workdays.Calendar (cached per process,
rebuilt when any year changes)."""

from __future__ import annotations

import datetime as dt
import threading

from django.db.models import Count, Max

from gongkai.rules.clock import DUE_SOON_WORKDAYS
from gongkai.rules.workdays import Calendar
from gongkai.workcalendar.models import CalendarYear, DayKind, ExceptionDay, YearStatus

_lock = threading.Lock()
_cached: tuple[object, Calendar] | None = None


def _version() -> tuple:
    agg = CalendarYear.objects.aggregate(m=Max("updated_at"), n=Count("year"))
    return (agg["m"], agg["n"])


def build_calendar() -> Calendar:
    confirmed = frozenset(CalendarYear.objects.filter(status=YearStatus.CONFIRMED).values_list("year", flat=True))
    holidays: dict[dt.date, str] = {}
    makeup: dict[dt.date, str] = {}
    for day, kind, name in ExceptionDay.objects.filter(year__in=confirmed).values_list("date", "kind", "name"):
        (holidays if kind == DayKind.HOLIDAY else makeup)[day] = name
    return Calendar(holidays=holidays, makeup_workdays=makeup, confirmed_years=confirmed)


def get_calendar() -> Calendar:
    """The calendar in force (one cheap query to check it is current)."""
    global _cached
    version = _version()
    with _lock:
        if _cached is None or _cached[0] != version:
            _cached = (version, build_calendar())
        return _cached[1]


def clear_cache() -> None:
    global _cached
    with _lock:
        _cached = None


def provisional_note(calendar: Calendar, *days: dt.date | None) -> str:
    """'' or a Chinese note naming the unconfirmed years the dates went through."""
    years = calendar.provisional_years(d for d in days if d)
    if not years:
        return ""
    return "（暂定：" + "、".join(f"{y}年" for y in years) + "节假日安排尚未确认）"


def due_soon_limit(today: dt.date) -> dt.date:
    """The last day that counts as "due soon" (DUE_SOON_WORKDAYS working days after today)."""
    return get_calendar().add_workdays(today, DUE_SOON_WORKDAYS)
