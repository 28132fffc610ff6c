import datetime as dt

import pytest
from django.utils import timezone

from gongkai.interactions import actions
from gongkai.interactions.models import MailboxLetter
from gongkai.journal.models import Event
from gongkai.workcalendar.actions import confirm_year
from gongkai.workcalendar.service import get_calendar


def aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.mark.parametrize("received", [dt.date(2026, 9, 25), dt.date(2026, 9, 30), dt.date(2026, 10, 3),
                                      dt.date(2026, 2, 13), dt.date(2026, 6, 1)])
def test_due_date_is_the_calendars_answer(write_letter, calendar, received):
    letter = write_letter(now=aware(received))
    assert letter.received_on == received
    assert letter.reply_days == 10
    assert letter.due_on == calendar.add_workdays(received, 10)
    assert calendar.workdays_between(received, letter.due_on) == 10
    assert letter.due_provisional is False


def test_golden_week_pushes_the_deadline(write_letter, calendar):
    # 2026-09-30 (Wed): 1–8 October are days off, so ten working days are not reached before mid-October
    letter = write_letter(now=aware(dt.date(2026, 9, 30)))
    assert letter.due_on > dt.date(2026, 9, 30) + dt.timedelta(days=14)
    assert all(not calendar.is_workday(dt.date(2026, 10, d)) for d in (1, 2, 5))


def test_per_agency_reply_days_apply_to_new_letters(write_letter, staff, agency_tree, calendar):
    dept = agency_tree["dept"]
    before = write_letter(now=aware(dt.date(2026, 6, 1)))
    actions.update_settings(staff["officer"], dept, reply_days=5, categories="咨询\n建议", enabled=True,
                            mailbox_name="局长信箱", intro="")
    after = write_letter(now=aware(dt.date(2026, 6, 1)))
    assert after.due_on == calendar.add_workdays(dt.date(2026, 6, 1), 5)
    before.refresh_from_db()
    assert before.due_on == calendar.add_workdays(dt.date(2026, 6, 1), 10)
    ev = Event.objects.get(action="interactions.settings_changed")
    assert ev.after["reply_days"] == 5 and ev.before["reply_days"] == 10


def test_deadline_into_unconfirmed_year_is_provisional_and_recomputed_on_confirmation(
    write_letter, staff, calendar
):
    received = dt.date(2026, 12, 21)
    letter = write_letter(now=aware(received))
    assert letter.due_on.year == 2027
    assert letter.due_provisional is True
    answered = write_letter(now=aware(received), subject="已答复的来信")
    MailboxLetter.objects.filter(pk=answered.pk).update(status="answered")

    # the 2027 notice: 1 January off, and (for this test) Monday 4 January too
    confirm_year(staff["supervisor"], 2027, {dt.date(2027, 1, 1): "元旦", dt.date(2027, 1, 4): "元旦"}, {})
    new_cal = get_calendar()
    letter.refresh_from_db()
    assert letter.due_on == new_cal.add_workdays(received, 10)
    assert letter.due_provisional is False
    ev = Event.objects.filter(action="interactions.letter_due_recomputed", object_id=str(letter.pk)).get()
    assert ev.after["due_on"] == letter.due_on.isoformat()
    assert ev.before["due_provisional"] is True
    # letters already answered are history: not touched
    assert not Event.objects.filter(action="interactions.letter_due_recomputed", object_id=str(answered.pk)).exists()


def test_reconfirming_without_change_journals_nothing(write_letter, staff):
    write_letter(now=aware(dt.date(2026, 6, 1)))
    assert actions.recompute_due_dates(staff["supervisor"], {2026}) == 0
    assert not Event.objects.filter(action="interactions.letter_due_recomputed").exists()
