"""The stored deadlines of a case: the statutory clock (`gongkai.rules.clock`, pure) materialized on the
Application row. Every clock event is stored through `add` and the row's deadline fields are recomputed
by `refresh`, so queues can filter on indexed columns. The rules live in rules.clock; this module only
reads and writes the database."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.applications.models import Application, ClockEntry
from gongkai.rules.clock import ClockEvent, ClockState, Kind, compute_clock, fee_payment_due
from gongkai.rules.workdays import Calendar
from gongkai.workcalendar.service import get_calendar

CLOCK_FIELDS = ["due_date", "clock_paused", "clock_provisional", "awaiting_correction", "correction_notice_due",
                "pause_due", "extended"]


def today() -> dt.date:
    return timezone.localdate()


def events(app: Application, extra: list[ClockEvent] | None = None) -> list[ClockEvent]:
    rows = [ClockEvent(Kind(e.kind), e.on, e.days, e.due) for e in app.clock_entries.order_by("on", "id")]
    return rows + (extra or [])


def state(app: Application, calendar: Calendar | None = None, on: dt.date | None = None,
          extra: list[ClockEvent] | None = None) -> ClockState:
    """The clock of `app` (plus `extra` events, to validate before writing them)."""
    return compute_clock(events(app, extra), calendar or get_calendar(), on or today())


def add(app: Application, kind: Kind, on: dt.date, days: int | None = None, due: dt.date | None = None) -> None:
    """Validate the event against the statute (ClockError in Chinese), store it and refresh the row."""
    state(app, extra=[ClockEvent(kind, on, days, due)], on=max(on, today()))
    ClockEntry.objects.create(application=app, kind=kind.value, on=on, days=days, due=due)


def refresh(app: Application, calendar: Calendar | None = None) -> dict:
    """Recompute the stored clock fields of `app` (not saved); returns {field: (old, new)} of changes."""
    calendar = calendar or get_calendar()
    st = state(app, calendar)
    new = {
        "due_date": None if st.closed else st.due,
        "clock_paused": st.paused,
        "clock_provisional": st.provisional and not st.closed,
        "awaiting_correction": st.awaiting_correction,
        "correction_notice_due": st.correction_due,
        "pause_due": st.pause_due,
        "extended": st.extended,
    }
    if st.closed:
        new["clock_paused"] = False
    if st.paused and app.pause_reason == "fee":  # 109号: 收到收费通知次日起20个工作日内
        new["pause_due"] = (fee_payment_due(calendar, app.fee_notice_received_on)
                            if app.fee_notice_received_on else None)
    changed = {}
    for field, value in new.items():
        old = getattr(app, field)
        if old != value:
            changed[field] = (old, value)
            setattr(app, field, value)
    return changed
