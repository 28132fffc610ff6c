"""The reply-deadline clock (rules.clock), table-driven from rules.md §1.3 and §3."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.rules.clock import ClockError, ClockEvent, Kind, compute_clock
from gongkai.rules.workdays import Calendar

D = dt.date
E = ClockEvent
CAL = Calendar(
    holidays={D(2026, 10, d): "国庆节" for d in range(1, 8)},
    makeup_workdays={D(2026, 9, 20): "国庆节", D(2026, 10, 10): "国庆节"},
    confirmed_years=frozenset({2026}),
)


MONDAY = D(2026, 3, 2)


def clock(*events, today=MONDAY):
    return compute_clock(list(events), CAL, today)


def test_art33_twenty_working_days():
    s = clock(E(Kind.RECEIVED, D(2026, 3, 2)), today=D(2026, 3, 2))
    assert s.due == D(2026, 3, 30) == CAL.add_workdays(D(2026, 3, 2), 20)
    assert (s.used, s.left, s.paused, s.provisional) == (0, 20, False, False)
    assert s.correction_due == CAL.add_workdays(D(2026, 3, 2), 7) == D(2026, 3, 11)  # Art. 30


def test_days_used_and_left():
    s = clock(E(Kind.RECEIVED, D(2026, 3, 2)), today=D(2026, 3, 9))
    assert (s.used, s.left) == (5, 15)


def test_overdue():
    s = clock(E(Kind.RECEIVED, D(2026, 3, 2)), today=D(2026, 3, 31))
    assert s.left == -1 and s.overdue


def test_art30_correction_restarts_the_clock():
    s = clock(E(Kind.RECEIVED, D(2026, 3, 2)), E(Kind.CORRECTION_REQUESTED, D(2026, 3, 4)), today=D(2026, 3, 10))
    assert s.awaiting_correction and s.due is None and s.correction_due is None
    s = clock(
        E(Kind.RECEIVED, D(2026, 3, 2)),
        E(Kind.CORRECTION_REQUESTED, D(2026, 3, 4)),
        E(Kind.CORRECTION_RECEIVED, D(2026, 3, 16)),
        today=D(2026, 3, 16),
    )
    assert s.start == D(2026, 3, 16) and s.due == CAL.add_workdays(D(2026, 3, 16), 20) == D(2026, 4, 13)


def test_correction_only_once():
    with pytest.raises(ClockError, match="一次性"):
        clock(
            E(Kind.RECEIVED, D(2026, 3, 2)),
            E(Kind.CORRECTION_REQUESTED, D(2026, 3, 3)),
            E(Kind.CORRECTION_RECEIVED, D(2026, 3, 5)),
            E(Kind.CORRECTION_REQUESTED, D(2026, 3, 6)),
        )


def test_art32_third_party_consultation_pauses_the_clock():
    received, sent, answered = D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 20)
    s = clock(E(Kind.RECEIVED, received), E(Kind.PAUSED, sent, days=15), today=D(2026, 3, 16))
    assert s.paused and s.due is None
    assert s.pause_due == CAL.add_workdays(sent, 15) == D(2026, 3, 30)
    assert s.used == 5  # 3–6 and 9 March
    s = clock(E(Kind.RECEIVED, received), E(Kind.PAUSED, sent, days=15), E(Kind.RESUMED, answered),
              today=answered)
    paused = CAL.workdays_between(sent, answered)  # 9 working days not counted
    assert s.due == CAL.add_workdays(received, 20 + paused) == D(2026, 4, 10)


def test_fee_notice_pauses_until_payment():
    s = clock(E(Kind.RECEIVED, D(2026, 9, 1)), E(Kind.PAUSED, D(2026, 9, 10), days=20), today=D(2026, 9, 11))
    assert s.pause_due == CAL.add_workdays(D(2026, 9, 10), 20) == D(2026, 10, 13)  # across 国庆; both 调休 days count


def test_art33_extension_once_and_at_most_twenty():
    s = clock(E(Kind.RECEIVED, D(2026, 3, 2)), E(Kind.EXTENDED, D(2026, 3, 20), days=20))
    assert s.due == CAL.add_workdays(D(2026, 3, 2), 40) and s.extended and s.limit == 40
    with pytest.raises(ClockError, match="1 至 20"):
        clock(E(Kind.RECEIVED, D(2026, 3, 2)), E(Kind.EXTENDED, D(2026, 3, 20), days=21))
    with pytest.raises(ClockError, match="只能一次"):
        clock(E(Kind.RECEIVED, D(2026, 3, 2)), E(Kind.EXTENDED, D(2026, 3, 20), days=5),
              E(Kind.EXTENDED, D(2026, 3, 21), days=5))


def test_art35_delayed_reply_date():
    s = clock(E(Kind.RECEIVED, D(2026, 3, 2)), E(Kind.DELAYED, D(2026, 3, 10), due=D(2026, 5, 29)),
              today=D(2026, 3, 10))
    assert s.due == D(2026, 5, 29) and s.delayed


def test_closed_clock_freezes():
    s = clock(E(Kind.RECEIVED, D(2026, 3, 2)), E(Kind.CLOSED, D(2026, 3, 6)), today=D(2026, 6, 1))
    assert s.closed and s.used == 4 and s.left == 16


def test_year_boundary_marks_provisional():
    s = clock(E(Kind.RECEIVED, D(2026, 12, 15)), today=D(2026, 12, 15))
    assert s.due == D(2027, 1, 13) and s.provisional


def test_events_before_receipt_are_refused():
    with pytest.raises(ClockError):
        clock(E(Kind.PAUSED, D(2026, 3, 2)))


@given(st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 11, 1)), st.integers(0, 30), st.integers(0, 30))
@settings(max_examples=200, deadline=None)
def test_property_pause_extends_due_by_paused_workdays(received, gap, length):
    start = CAL.add_workdays(received, gap % 15)
    end = CAL.add_workdays(start, length)
    plain = clock(E(Kind.RECEIVED, received), today=received).due
    paused = clock(E(Kind.RECEIVED, received), E(Kind.PAUSED, start), E(Kind.RESUMED, end), today=end).due
    if start < plain:
        assert CAL.workdays_between(plain, paused) == CAL.workdays_between(start, end)
