"""Working-day arithmetic (rules.workdays) — table-driven from rules.md, plus properties."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.rules.holidays import qingming, statutory_holidays
from gongkai.rules.workdays import Calendar

D = dt.date


def confirmed_2026() -> Calendar:
    """2026 as the 国务院办公厅 notice set it (国庆 1–7 Oct; 调休 Sun 20 Sep and Sat 10 Oct)."""
    holidays = {D(2026, 10, d): "国庆节" for d in range(1, 8)} | {D(2026, 1, d): "元旦" for d in (1, 2, 3)}
    holidays |= {D(2026, 2, d): "春节" for d in range(15, 24)}
    makeup = {D(2026, 1, 4): "元旦", D(2026, 2, 14): "春节", D(2026, 2, 28): "春节",
              D(2026, 9, 20): "国庆节", D(2026, 10, 10): "国庆节"}
    return Calendar(holidays=holidays, makeup_workdays=makeup, confirmed_years=frozenset({2026}))


CAL = confirmed_2026()


@pytest.mark.parametrize(
    ("start", "n", "expected", "why"),
    [
        (D(2026, 3, 2), 0, D(2026, 3, 2), "n = 0 is the day itself"),
        (D(2026, 3, 2), 1, D(2026, 3, 3), "the day of receipt does not count"),
        (D(2026, 3, 6), 1, D(2026, 3, 9), "Friday + 1 skips the weekend"),
        (D(2026, 3, 7), 1, D(2026, 3, 9), "received on a Saturday: Monday is day 1"),
        (D(2026, 9, 30), 1, D(2026, 10, 8), "国庆 holidays are skipped"),
        (D(2026, 10, 9), 1, D(2026, 10, 10), "Saturday 10 Oct is a 调休 working day"),
        (D(2026, 9, 18), 1, D(2026, 9, 20), "Sunday 20 Sep is a 调休 working day"),
        (D(2026, 9, 25), 7, D(2026, 10, 12), "Art. 30: 7 working days across 国庆 and a 调休 Saturday"),
        (D(2026, 2, 13), 1, D(2026, 2, 14), "Saturday 14 Feb is a 调休 working day before 春节"),
        (D(2026, 2, 14), 1, D(2026, 2, 24), "春节 15–23 Feb skipped"),
    ],
)
def test_add_workdays_table(start, n, expected, why):
    assert CAL.add_workdays(start, n) == expected, why


def test_art33_20_workdays_across_year_boundary_is_provisional():
    # 2026-12-15 + 20 working days reaches into 2027, which nobody has confirmed yet
    due = CAL.add_workdays(D(2026, 12, 15), 20)
    assert due == D(2027, 1, 13)  # 12 days in Dec, 1 Jan 2027 is 元旦 (statutory), then 8 more
    assert CAL.is_provisional_span(D(2026, 12, 15), due)
    assert not CAL.is_provisional_span(D(2026, 3, 1), CAL.add_workdays(D(2026, 3, 1), 20))


def test_workdays_between_counts_after_start_up_to_end():
    assert CAL.workdays_between(D(2026, 3, 2), D(2026, 3, 2)) == 0
    assert CAL.workdays_between(D(2026, 3, 6), D(2026, 3, 9)) == 1
    assert CAL.workdays_between(D(2026, 9, 30), D(2026, 10, 10)) == 3  # 8, 9 and the 调休 Saturday 10
    assert CAL.workdays_between(D(2026, 3, 9), D(2026, 3, 6)) == -1


def test_negative_n_is_refused():
    with pytest.raises(ValueError):
        CAL.add_workdays(D(2026, 1, 5), -1)


@given(st.dates(min_value=D(2025, 1, 1), max_value=D(2028, 12, 31)), st.integers(min_value=0, max_value=60))
@settings(max_examples=300, deadline=None)
def test_property_between_inverts_add(start, n):
    assert CAL.workdays_between(start, CAL.add_workdays(start, n)) == n


@given(st.dates(min_value=D(2025, 1, 1), max_value=D(2028, 12, 31)), st.integers(min_value=1, max_value=60))
@settings(max_examples=300, deadline=None)
def test_property_result_is_a_workday_after_start(start, n):
    due = CAL.add_workdays(start, n)
    assert due > start and CAL.is_workday(due)
    assert CAL.add_workdays(start, n + 1) > due


@pytest.mark.parametrize("year", range(2025, 2031))
def test_statutory_holidays_2025_revision(year):
    days = statutory_holidays(year)
    # 元旦1 春节4 清明1 劳动2 端午1 中秋1 国庆3 — 13 days, one fewer when 中秋 falls within 国庆 (2028)
    overlap = any("中秋节" in name and "国庆节" in name for name in days.values())
    assert len(days) == (12 if overlap else 13)
    assert list(days.values()).count("春节") == 4
    assert days[D(year, 5, 2)] == "劳动节"
    assert qingming(year) in days


def test_statutory_holidays_before_2025_have_three_spring_festival_days():
    days = statutory_holidays(2024)
    assert list(days.values()).count("春节") == 3
    assert D(2024, 5, 2) not in days


@pytest.mark.parametrize(
    ("year", "spring", "dragon", "mid_autumn"),
    [(2027, D(2027, 2, 6), D(2027, 6, 9), D(2027, 9, 15)), (2028, D(2028, 1, 26), D(2028, 5, 28), D(2028, 10, 3))],
)
def test_lunar_festivals_of_provisional_years(year, spring, dragon, mid_autumn):
    days = statutory_holidays(year)
    assert days[spring] == "春节" and days[spring - dt.timedelta(days=1)] == "春节"  # 除夕
    assert days[dragon] == "端午节"
    assert "中秋节" in days[mid_autumn]


def test_provisional_year_uses_statutory_days_without_tiaoxiu():
    cal = Calendar()  # nothing confirmed
    assert not cal.is_workday(D(2027, 2, 5))  # 除夕 2027
    assert not cal.is_workday(D(2027, 10, 1))
    assert cal.is_workday(D(2027, 10, 4))  # Monday after 国庆: no 调休 assumed
    assert not cal.is_workday(D(2027, 10, 9))  # a Saturday stays a rest day
