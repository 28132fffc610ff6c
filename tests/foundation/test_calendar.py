import bisect
import datetime as dt
import functools
from io import StringIO

import chinese_calendar
import pytest
from django.core.management import load_command_class

from gongkai.journal.models import Event
from gongkai.rules.holiday_notice import parse_notice
from gongkai.workcalendar.actions import confirm_year
from gongkai.workcalendar.models import CalendarYear, DayKind, ExceptionDay
from gongkai.workcalendar.seeding import chinesecalendar_days

D = dt.date


@functools.cache
def _calendar_command():
    command = load_command_class("gongkai.workcalendar", "calendar")
    return command, command.create_parser("gongkai", "calendar")


def cli(*args) -> str:
    """What `gongkai calendar ARGS` prints: call_command's steps (parse, then execute) with the command and
    its parser built once — building the parser is two thirds of a call, and one test makes ten thousand."""
    command, parser = _calendar_command()
    out = StringIO()
    command.execute(**{**vars(parser.parse_args(args)), "skip_checks": True, "stdout": out})
    return out.getvalue().strip()


def chinesecalendar_add(start: dt.date, n: int) -> dt.date | None:
    day, left = start, n
    try:
        while left:
            day += dt.timedelta(days=1)
            if chinese_calendar.is_workday(day):
                left -= 1
    except NotImplementedError:  # the package does not know the year (2027 today)
        return None
    return day


@functools.cache
def _chinesecalendar_workdays() -> list[dt.date]:
    """Every working day chinesecalendar knows from 2020 on, in order (it stops at the first year it does not
    know)."""
    days, day = [], D(2020, 1, 1)
    while True:
        try:
            if chinese_calendar.is_workday(day):
                days.append(day)
        except NotImplementedError:
            return days
        day += dt.timedelta(days=1)


def chinesecalendar_add_fast(start: dt.date, n: int) -> dt.date | None:
    """chinesecalendar_add with the package asked once per day (the same answer: the n-th listed working
    day after `start`), for the every-day comparison below."""
    days = _chinesecalendar_workdays()
    i = bisect.bisect_right(days, start) + n - 1
    return days[i] if i < len(days) else None


def _expected_text(day: dt.date, n: int) -> str | None:
    expected = chinesecalendar_add_fast(day, n)
    return None if expected is None else expected.isoformat()


@pytest.mark.slow
@pytest.mark.django_db
def test_add_workdays_equals_chinesecalendar_for_every_day_2020_to_2026():
    """The calendar built from the seeded tables (what every deadline uses) against the chinesecalendar
    package, for every start day and the statutory N; the CLI itself is driven on every 7th day below."""
    from gongkai.workcalendar.service import get_calendar

    cal = get_calendar()
    day, checked, provisional = D(2020, 1, 1), 0, 0
    while day <= D(2026, 11, 30):
        for n in (7, 15, 20, 40):
            got = cal.add_workdays(day, n)
            expected = _expected_text(day, n)
            if expected is None:
                assert cal.is_provisional_span(day, got), (day, n, got)
                provisional += 1
            else:
                assert got.isoformat() == expected, (day, n, got, expected)
            checked += 1
        day += dt.timedelta(days=1)
    assert checked == 4 * ((D(2026, 11, 30) - D(2020, 1, 1)).days + 1)
    assert provisional > 0  # late-2026 starts with N = 40 reach into 2027
    for start in (D(2020, 1, 1), D(2021, 9, 18), D(2024, 4, 30), D(2026, 9, 30), D(2026, 11, 30)):
        for n in (1, 7, 40):
            assert chinesecalendar_add_fast(start, n) == chinesecalendar_add(start, n), (start, n)


@pytest.mark.django_db
def test_cli_add_workdays_equals_chinesecalendar_on_every_seventh_day_2020_to_2026():
    day, checked, provisional = D(2020, 1, 1), 0, 0
    while day <= D(2026, 11, 30):
        n = (7, 15, 20, 40)[checked % 4]  # the stride of 7 days walks every weekday with every N
        got = cli("add-workdays", day.isoformat(), str(n))
        expected = _expected_text(day, n)
        if expected is None:
            assert got.endswith(" provisional"), (day, n, got)
            provisional += 1
        else:
            assert got == expected, (day, n, got, expected)
        checked += 1
        day += dt.timedelta(days=7)
    assert checked > 350
    assert cli("add-workdays", "2026-11-20", "40").endswith(" provisional")  # reaches into 2027


@pytest.mark.django_db
def test_seeded_years_are_confirmed_and_2027_is_not():
    years = set(CalendarYear.objects.filter(status="confirmed").values_list("year", flat=True))
    assert years == set(range(2004, 2027))
    assert ExceptionDay.objects.get(date=D(2026, 10, 10)).kind == DayKind.WORKDAY
    assert ExceptionDay.objects.get(date=D(2026, 2, 16)).name == "春节"


@pytest.mark.django_db
def test_cli_says_provisional_then_not_after_confirming_2027(make_user, agency_tree):
    assert cli("add-workdays", "2026-12-15", "20") == "2027-01-13 provisional"
    assert cli("workdays-between", "2026-11-30", "2026-12-31") == "23"  # all of December
    notice = "一、元旦：1月1日（周五）至3日（周日）放假调休，共3天。1月9日（周六）上班。\n"
    parsed = parse_notice(notice, 2027)
    admin = make_user(agency_tree["city"], "sysadmin")
    confirm_year(admin, 2027, parsed.holidays, parsed.workdays, notice_text=notice)
    # 1 Jan off, 9 Jan (Saturday) is a 调休 workday: the 20th working day is one day earlier
    assert cli("add-workdays", "2026-12-15", "20") == "2027-01-12"
    event = Event.objects.get(action="calendar.year_confirmed", object_id="2027")
    assert event.after["workdays"] == ["2027-01-09 元旦"] and event.actor == admin


@pytest.mark.django_db
def test_cli_bad_input_gets_a_chinese_message():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="格式不正确"):
        cli("add-workdays", "2026-13-01", "5")
    with pytest.raises(CommandError, match="不能为负数"):
        cli("add-workdays", "2026-12-01", "-5")


def _notice_from_chinesecalendar(year: int) -> str:
    holidays, workdays = chinesecalendar_days()
    lines = []
    names = sorted({n for d, n in holidays.items() if d.year == year},
                   key=lambda n: min(d for d, m in holidays.items() if m == n and d.year == year))
    numerals = "一二三四五六七八九十"
    for i, name in enumerate(names):
        days = sorted(d for d, n in holidays.items() if n == name and d.year == year)
        # a festival's days can form two runs (e.g. 2015's 抗战纪念日 weekend); write one item per run
        runs, run = [], [days[0]]
        for d in days[1:]:
            if (d - run[-1]).days == 1:
                run.append(d)
            else:
                runs.append(run)
                run = [d]
        runs.append(run)
        parts = []
        for r in runs:
            parts.append(f"{r[0].year}年{r[0].month}月{r[0].day}日（周x）至{r[-1].month}月{r[-1].day}日放假")
        work = sorted(d for d, n in workdays.items() if n == name and d.year == year)
        text = "，".join(parts) + "，共若干天。"
        if work:
            # a 12月 make-up day under 元旦 belongs to the year itself here: write its year, as notices do
            text += "、".join(f"{d.year}年{d.month}月{d.day}日（周六）" for d in work) + "上班。"
        lines.append(f"{numerals[i]}、{name}：{text}")
    return "\n".join(lines)


@pytest.mark.parametrize("year", range(2010, 2027))
def test_notice_parser_reads_every_seeded_year(year):
    holidays, workdays = chinesecalendar_days()
    parsed = parse_notice(_notice_from_chinesecalendar(year), year)
    assert set(parsed.holidays) == {d for d in holidays if d.year == year}
    assert set(parsed.workdays) == {d for d in workdays if d.year == year}


def test_notice_parser_real_2026_wording():
    text = """国务院办公厅关于2026年部分节假日安排的通知
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。"""
    holidays, workdays = chinesecalendar_days()
    parsed = parse_notice(text, 2026)
    assert set(parsed.holidays) == {d for d in holidays if d.year == 2026}
    assert set(parsed.workdays) == {d for d in workdays if d.year == 2026}
    assert parsed.holidays[D(2026, 2, 16)] == "春节" and not parsed.unread


def test_notice_parser_refuses_text_without_holidays():
    from gongkai.rules.holiday_notice import NoticeError

    with pytest.raises(NoticeError, match="没有读到"):
        parse_notice("这不是节假日通知", 2027)
