"""Background jobs (huey): the daily annual-report deadline reminders, the files of a published report."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

# huey evaluates crontabs in UTC (Huey(utc=True), the default the settings keep): 00:30 UTC is
# 08:30 Beijing time (UTC+8, no daylight saving), the start of the working day.
REMINDER_HOUR_UTC, REMINDER_MINUTE = 0, 30


@db_periodic_task(crontab(hour=str(REMINDER_HOUR_UTC), minute=str(REMINDER_MINUTE)))
def annual_report_reminders() -> int:
    from django.utils import timezone

    from gongkai.reports.reminders import send_reminders

    return len(send_reminders(timezone.localdate()))


@db_task()
def render_published_files(report_pk: int, version: int) -> list[str]:
    from gongkai.reports.published import render_published

    return render_published(report_pk, version)


from gongkai.reports.tasks_audit import audit_batch  # noqa: E402,F401  (registered with huey here)
