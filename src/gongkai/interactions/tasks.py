"""Background jobs (huey discovers tasks in modules named tasks.py)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.interactions.reminders import remind_due_letters


@db_periodic_task(crontab(hour="0", minute="0"), name="interactions.remind_due_letters")
def daily_letter_reminders():
    """Every morning at 08:00 Beijing time (00:00 UTC; huey schedules in UTC): remind each agency's mailbox staff of letters due soon or overdue."""
    return remind_due_letters()
