"""Background jobs (huey): a message to the applicant on each step, the staff daily digest."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def notify_applicant(application_id: int, step: str) -> int:
    from gongkai.applications.notify import notify_step

    return notify_step(application_id, step)


@db_task()
def send_password_reset_link(tracking_code: str, link_prefix: str) -> bool:
    """The 查询密码 reset link, mailed in the background so the public form answers alike (and as fast)
    whether or not the code has an e-mail address (applications.password_reset)."""
    from gongkai.applications.password_reset import send_link

    return send_link(tracking_code, lambda token: f"{link_prefix}{token}/")


# huey evaluates crontabs in UTC (djhuey default utc=True): hour 0 UTC = 08:00 Beijing time (UTC+8).
@db_periodic_task(crontab(hour="0", minute="0"))
def daily_digest() -> int:
    from gongkai.applications.notify import daily_digest as run

    return run()
