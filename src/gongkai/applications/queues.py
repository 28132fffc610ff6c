"""The indexed lists of the workbench: due soon (within 3 working days) and overdue."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from gongkai.applications.models import Application
from gongkai.rules.workdays import Calendar
from gongkai.workcalendar.service import get_calendar

DUE_SOON_WORKDAYS = 3


def soon_limit(today: dt.date, calendar: Calendar | None = None) -> dt.date:
    return (calendar or get_calendar()).add_workdays(today, DUE_SOON_WORKDAYS)


def due_soon(qs: QuerySet[Application], today: dt.date, calendar: Calendar | None = None) -> QuerySet[Application]:
    """Open, running cases due today or within the next 3 working days."""
    return qs.filter(is_open=True, due_date__gte=today, due_date__lte=soon_limit(today, calendar))


def overdue(qs: QuerySet[Application], today: dt.date) -> QuerySet[Application]:
    return qs.filter(is_open=True, due_date__lt=today)


def urgency(app: Application, today: dt.date, limit: dt.date) -> str:
    """'overdue' | 'soon' | 'paused' | '' — for the colours of the lists."""
    if not app.is_open:
        return ""
    if app.due_date is None:
        return "paused"
    if app.due_date < today:
        return "overdue"
    if app.due_date <= limit:
        return "soon"
    return ""
