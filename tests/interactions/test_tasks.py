import datetime as dt

from django.core import mail
from django.utils import timezone


def test_the_daily_task_is_periodic_and_sends_the_reminders(staff, write_letter, monkeypatch):
    from gongkai.interactions import reminders, tasks

    assert tasks.daily_letter_reminders.name == "interactions.remind_due_letters"
    # 00:00 UTC is 08:00 in China: the task runs once a day then
    assert tasks.daily_letter_reminders.task_class().validate_datetime(dt.datetime(2026, 6, 15, 0, 0))
    assert not tasks.daily_letter_reminders.task_class().validate_datetime(dt.datetime(2026, 6, 15, 8, 0))
    write_letter(now=timezone.make_aware(dt.datetime(2026, 1, 5, 10)))
    monkeypatch.setattr(reminders.timezone, "localdate", lambda *a: dt.date(2026, 6, 15))
    sent = tasks.daily_letter_reminders.call_local()
    assert len(sent) == 1 and len(mail.outbox) == 1
