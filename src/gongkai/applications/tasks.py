"""Background jobs (huey): a message to the applicant on each step, the staff daily digest."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def notify_applicant(application_id: int, step: str) -> int:
    from gongkai.applications.notify import notify_step

    return notify_step(application_id, step)


# huey evaluates crontabs in UTC (djhuey default utc=True): hour 0 UTC = 08:00 Beijing time (UTC+8).
@db_periodic_task(crontab(hour="0", minute="0"))
def daily_digest() -> int:
    from gongkai.applications.notify import daily_digest as run

    return run()
