"""Background-job plumbing for several hosts (huey discovers this module because it is named tasks.py).

* Periodic jobs run exactly once across hosts: every `gongkai worker` runs huey's scheduler, and each one
  asks for the periodic jobs due in a minute; only the one that *claims* `(job, minute)` first (an atomic
  claim in Redis, or the SQLite counter file on one machine) enqueues it. Per-host jobs (the heartbeat)
  are exempt.
* The heartbeat: each worker notes the time every minute; /healthz reports the lag.
* Every run of a periodic job is counted (`jobs:runs:<name>`), which /healthz and the scale-out test read.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from huey import crontab
from huey.api import PeriodicTask
from huey.contrib.djhuey import HUEY, periodic_task

from gongkai.serving.counters import counters
from gongkai.serving.health import HEARTBEAT_KEY

PER_HOST = {"gongkai.serving.tasks.heartbeat"}
CLAIM_SECONDS = 2 * 24 * 3600
log = logging.getLogger("gongkai.serving")


def _name(task) -> str:
    return getattr(task, "name", "") or type(task).__name__


def due_once(timestamp, tasks) -> list:
    """The periodic `tasks` due at `timestamp` that this host won the claim for."""
    slot = timestamp.strftime("%Y%m%d%H%M")
    store = counters()
    won = []
    for task in tasks:
        name = _name(task)
        if name in PER_HOST or store.claim(f"periodic:{name}:{slot}", CLAIM_SECONDS):
            won.append(task)
        else:
            log.info("periodic job %s at %s already enqueued by another host", name, slot)
    return won


_original_read_periodic = HUEY.read_periodic


def _read_periodic_once(timestamp=None):
    if timestamp is None:
        timestamp = HUEY._get_timestamp()
    return due_once(timestamp, _original_read_periodic(timestamp))


if not getattr(HUEY, "_gongkai_once", False):
    HUEY.read_periodic = _read_periodic_once
    HUEY._gongkai_once = True

    @HUEY.post_execute()
    def _count_periodic_runs(task, task_value, exc):
        if isinstance(task, PeriodicTask) and _name(task) not in PER_HOST:
            counters().incr(f"jobs:runs:{_name(task)}", 30 * 24 * 3600)


def runs(name: str) -> int:
    return counters().get(f"jobs:runs:{name}")


@periodic_task(crontab(minute="*"), name="gongkai.serving.tasks.heartbeat")
def heartbeat() -> float:
    now = time.time()
    cache.set(HEARTBEAT_KEY, now, None)
    return now
