"""Background jobs (huey): notifications to applicants and the daily digest to staff."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def notify_applicant(application_id: int, step: str) -> int:
    from gongkai.applications.notify import notify_step

    return notify_step(application_id, step)
