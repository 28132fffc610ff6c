"""The portal's public working-day calculator (/workdays/)."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.rules.holidays import statutory_holidays
from gongkai.rules.workday_span import explain_add_workdays
from gongkai.rules.workdays import Calendar

URL = "workcalendar_public:calculator"


def test_span_lists_the_days_it_stepped_over():
    # a hand-made confirmed year: Friday 2026-10-02 is a holiday, Saturday 2026-10-10 a make-up workday
    cal = Calendar(holidays={dt.date(2026, 10, 2): "国庆节"}, makeup_workdays={dt.date(2026, 10, 10): "国庆节调休"},
                   confirmed_years=frozenset({2026}))
    span = explain_add_workdays(cal, dt.date(2026, 9, 30), 8)
    # Oct 1 (Thu), [2 off], [3,4 weekend], 5,6,7,8,9 (Fri), 10 (Sat, make-up) → the 8th working day is Oct 12 (Mon)?
    # counted: 1, 5, 6, 7, 8, 9, 10 = 7 → Oct 12 is the 8th
    assert span.due == dt.date(2026, 10, 12)
    assert span.holidays == ((dt.date(2026, 10, 2), "国庆节"),)
    assert span.makeup_workdays == ((dt.date(2026, 10, 10), "国庆节调休"),)
    assert span.weekend_days == 3  # Oct 3, 4 and 11
    assert not span.provisional
    assert cal.workdays_between(span.start, span.due) == 8


def test_span_into_an_unconfirmed_year_is_provisional():
    cal = Calendar(confirmed_years=frozenset({2026}))
    span = explain_add_workdays(cal, dt.date(2026, 12, 15), 20)
    assert span.provisional_years == (2027,)
    new_year = dt.date(2027, 1, 1)
    assert (new_year, statutory_holidays(2027)[new_year]) in span.holidays
    with pytest.raises(ValueError):
        explain_add_workdays(cal, dt.date(2026, 1, 1), 251)


@pytest.mark.django_db
def test_calculator_page_uses_the_calendar_in_force(client, calendar):
    resp = client.get(reverse(URL), {"start": "2026-12-15", "days": "20"})
    html = resp.content.decode()
    assert resp.status_code == 200
    due = calendar.add_workdays(dt.date(2026, 12, 15), 20)
    assert due == dt.date(2027, 1, 13)  # the README's example
    assert 'data-due="2027-01-13"' in html and "暂定" in html and "2027年" in html and "元旦" in html


@pytest.mark.django_db
def test_calculator_lists_a_confirmed_years_holidays_and_makeup_days(client, calendar):
    from gongkai.workcalendar.models import DayKind, ExceptionDay

    start = dt.date(2026, 9, 25)
    span = explain_add_workdays(calendar, start, 15)
    days = ExceptionDay.objects.filter(date__gt=start, date__lte=span.due)
    holidays = [d.date.isoformat() for d in days if d.kind == DayKind.HOLIDAY]
    makeup = [d.date.isoformat() for d in days if d.kind != DayKind.HOLIDAY]
    assert holidays and makeup, "2026's National Day holiday and its make-up workdays are seeded"
    html = client.get(reverse(URL), {"start": "2026-09-25", "days": "15"}).content.decode()
    assert f'data-due="{span.due.isoformat()}"' in html and "暂定" not in html.split("计算结果")[1]
    for day in holidays + makeup:
        assert day in html
    assert f"跳过的节假日（{len(holidays)} 天）" in html and f"计入的调休上班日（{len(makeup)} 天）" in html


@pytest.mark.django_db
@pytest.mark.parametrize("start, days, message", [
    ("2026-02-30", "20", "格式不正确"), ("昨天", "20", "格式不正确"), ("1899-01-01", "5", "之间"),
    ("2026-01-05", "-3", "不正确"), ("2026-01-05", "１２", "不正确"), ("2026-01-05", "9999", "不正确"),
])
def test_bad_input_gets_a_chinese_message(client, start, days, message):
    resp = client.get(reverse(URL), {"start": start, "days": days})
    assert resp.status_code == 400 and message in resp.content.decode()


@pytest.mark.django_db
def test_calculator_is_on_the_portal_navigation(client):
    assert reverse(URL) in client.get("/").content.decode()
