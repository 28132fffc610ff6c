"""The reply-deadline clock of an application (依申请公开).

Statute (rules.md §1.3, §3):
- Art. 33: reply within 20 working days of receipt; one extension of at most 20 working days.
- Art. 30: a correction (补正) must be requested within 7 working days of receipt, once; the reply
  period restarts on the day the corrected application is received.
- Art. 32 / 34: third-party and inter-agency consultations (15 working days for the other side) and
  the 109号 fee notice up to payment (20 working days) are not counted: the clock is paused.
- Art. 35: for excessive requests the agency may set a later reply date and notify the applicant.

`compute_clock(events, calendar, today)` folds a case's events into its current ClockState; callers
store the result (due date, paused, provisional) so lists can query it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from gongkai.rules.workdays import ONE_DAY, Calendar

REPLY_WORKDAYS = 20
EXTENSION_MAX_WORKDAYS = 20
CORRECTION_NOTICE_WORKDAYS = 7
CONSULTATION_WORKDAYS = 15
FEE_PAYMENT_WORKDAYS = 20
PUBLICATION_WORKDAYS = 20  # Art. 26: proactive disclosure within 20 working days of forming
DUE_SOON_WORKDAYS = 3  # workbench policy: "due soon" = due within the next 3 working days
CORRECTION_DEFAULT_WORKDAYS = 10  # workbench default for the applicant's correction period (Art. 30: 合理的补正期限)


class ClockError(ValueError):
    """An event sequence the statute does not allow; the message is for the user (Chinese)."""


class Kind(StrEnum):
    RECEIVED = "received"
    CORRECTION_REQUESTED = "correction_requested"
    CORRECTION_RECEIVED = "correction_received"
    PAUSED = "paused"
    RESUMED = "resumed"
    EXTENDED = "extended"
    DELAYED = "delayed"
    CLOSED = "closed"


@dataclass(frozen=True)
class ClockEvent:
    kind: Kind
    on: dt.date
    days: int | None = None  # EXTENDED: working days granted; PAUSED: the other side's period
    due: dt.date | None = None  # DELAYED: the reply date set under Art. 35


@dataclass(frozen=True)
class ClockState:
    start: dt.date | None  # the day the running period counts from (receipt, or corrected receipt)
    due: dt.date | None  # None while paused, awaiting a correction, or before receipt
    limit: int
    used: int
    left: int
    paused: bool
    awaiting_correction: bool
    correction_due: dt.date | None  # last day to send the one correction request (Art. 30)
    pause_due: dt.date | None  # when the other side's period (consultation, payment) ends
    extended: bool
    delayed: bool
    closed: bool
    provisional: bool  # some date above was computed through an unconfirmed calendar year

    @property
    def overdue(self) -> bool:
        return self.left < 0 and not self.paused and not self.awaiting_correction


def fee_payment_due(calendar: Calendar, notice_received: dt.date) -> dt.date:
    """Last day to pay the 信息处理费: "收到收费通知次日起20个工作日内" (109号, rules.md §3) — counted from the
    day after the applicant received the notice (not from the day it was issued)."""
    return calendar.add_workdays(notice_received, FEE_PAYMENT_WORKDAYS)


def _count(calendar: Calendar, start: dt.date, end: dt.date, pauses: list[tuple[dt.date, dt.date]]) -> int:
    """Working days in (start, end] outside the paused intervals (each (from, to] excluded)."""
    count = 0
    day = start + ONE_DAY
    while day <= end:
        if calendar.is_workday(day) and not any(p < day <= r for p, r in pauses):
            count += 1
        day += ONE_DAY
    return count


def _due(calendar: Calendar, start: dt.date, limit: int, pauses: list[tuple[dt.date, dt.date]]) -> dt.date:
    day = start
    remaining = limit
    while remaining > 0:
        day += ONE_DAY
        if calendar.is_workday(day) and not any(p < day <= r for p, r in pauses):
            remaining -= 1
    return day


def compute_clock(events: Iterable[ClockEvent], calendar: Calendar, today: dt.date) -> ClockState:
    start: dt.date | None = None
    received: dt.date | None = None
    limit = REPLY_WORKDAYS
    pauses: list[tuple[dt.date, dt.date]] = []
    open_pause: tuple[dt.date, int | None] | None = None
    awaiting = False
    correction_requested = False
    extended = False
    delayed_due: dt.date | None = None
    closed_on: dt.date | None = None

    for ev in sorted(events, key=lambda e: e.on):  # stable: same-day events keep their given order
        if closed_on is not None:
            raise ClockError("申请已办结，不能再登记计时事件。")
        if ev.kind is not Kind.RECEIVED and received is None:
            raise ClockError("尚未登记收到申请的日期。")
        match ev.kind:
            case Kind.RECEIVED:
                if received is not None:
                    raise ClockError("收到申请的日期只能登记一次。")
                received = start = ev.on
            case Kind.CORRECTION_REQUESTED:
                if correction_requested:
                    raise ClockError("补正只能一次性告知（《条例》第三十条）。")
                correction_requested = awaiting = True
            case Kind.CORRECTION_RECEIVED:
                if not awaiting:
                    raise ClockError("没有待补正的告知，不能登记收到补正。")
                awaiting = False
                start = ev.on
                pauses = []
            case Kind.PAUSED:
                if open_pause is not None:
                    raise ClockError("计时已暂停，请先登记恢复计时。")
                open_pause = (ev.on, ev.days)
            case Kind.RESUMED:
                if open_pause is None:
                    raise ClockError("计时没有暂停，不能恢复。")
                pauses.append((open_pause[0], ev.on))
                open_pause = None
            case Kind.EXTENDED:
                if extended:
                    raise ClockError("延期答复只能一次（《条例》第三十三条）。")
                days = ev.days or 0
                if not 1 <= days <= EXTENSION_MAX_WORKDAYS:
                    raise ClockError(f"延长的期限须为 1 至 {EXTENSION_MAX_WORKDAYS} 个工作日，收到 {days}。")
                extended = True
                limit += days
            case Kind.DELAYED:
                if ev.due is None or ev.due <= ev.on:
                    raise ClockError("延迟答复须给出晚于告知之日的答复日期（《条例》第三十五条）。")
                delayed_due = ev.due
            case Kind.CLOSED:
                closed_on = ev.on

    if received is None or start is None:
        return ClockState(None, None, limit, 0, limit, False, False, None, None, False, False, False, False)

    asof = closed_on or today
    correction_due = None if correction_requested else calendar.add_workdays(received, CORRECTION_NOTICE_WORKDAYS)
    counting_pauses = pauses + ([(open_pause[0], max(asof, open_pause[0]))] if open_pause else [])
    used = 0 if awaiting else _count(calendar, start, asof, counting_pauses)
    if open_pause is not None or awaiting:
        due = None
    elif delayed_due is not None:
        due = delayed_due
    else:
        due = _due(calendar, start, limit, pauses)
    if delayed_due is not None:
        left = calendar.workdays_between(asof, delayed_due)
    else:
        left = limit - used
    pause_due = None
    if open_pause is not None and open_pause[1]:
        pause_due = calendar.add_workdays(open_pause[0], open_pause[1])
    span_end = max(d for d in (asof, due, pause_due, correction_due) if d is not None)
    return ClockState(
        start=start,
        due=due,
        limit=limit,
        used=used,
        left=left,
        paused=open_pause is not None,
        awaiting_correction=awaiting,
        correction_due=correction_due,
        pause_due=pause_due,
        extended=extended,
        delayed=delayed_due is not None,
        closed=closed_on is not None,
        provisional=calendar.is_provisional_span(received, span_end),
    )

