"""The indexed lists of the workbench: due soon (within 3 working days) and overdue."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet

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


LIST_FIELDS = (
    "tracking_code", "agency__name", "agency__short_name", "handler__username", "handler__full_name",
    "applicant_name", "applicant_type", "info_name", "info_description", "receipt_date", "state", "is_open",
    "awaiting_correction", "clock_paused", "pause_reason", "due_date", "clock_provisional", "closed_on",
)


def for_list(qs: QuerySet[Application], by_due: bool) -> QuerySet[Application]:
    """Order and trim a queue for display. `by_due`: every row has a due date (due soon / overdue),
    so the partial indexes deliver the rows already in order."""
    if by_due:
        qs = qs.order_by("due_date", "agency_id", "id")
    else:
        qs = qs.order_by(F("due_date").asc(nulls_last=True), "agency_id", "id")
    return qs.select_related("agency", "handler").only(*LIST_FIELDS)
