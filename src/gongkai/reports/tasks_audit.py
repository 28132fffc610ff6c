"""Background job of the supervisor's batch audit (registered with huey through reports.tasks)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def audit_batch(batch_id: int) -> int:
    from gongkai.reports.audit_batch import run_batch

    return run_batch(batch_id).done
