"""Background jobs (huey): the daily annual-report deadline reminders, the files of a published report."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_periodic_task(crontab(hour="8", minute="30"))
def annual_report_reminders() -> int:
    from django.utils import timezone

    from gongkai.reports.reminders import send_reminders

    return len(send_reminders(timezone.localdate()))


@db_task()
def render_published_files(report_pk: int, version: int) -> list[str]:
    from gongkai.reports.published import render_published

    return render_published(report_pk, version)
