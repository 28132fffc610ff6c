"""gongkai worker: the background-job consumer on its own (run one per host).

Periodic jobs are enqueued once across all hosts (gongkai.serving.tasks).

`--enqueue-periodic-at 2026-11-02T00:00` enqueues, through the same once-only claim, the periodic jobs
due at that UTC minute and exits (catching up a missed run; the scale-out test uses it from two hosts).
SIGTERM (and SIGINT) let the running job finish, then the consumer stops.
"""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import autodiscover_modules


class Command(BaseCommand):
    help = "运行后台任务进程（每台服务器一个）"

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=2, help="并发执行任务的线程数（默认 2）")
        parser.add_argument("--quiet", action="store_true")
        parser.add_argument("--enqueue-periodic-at", metavar="UTC时间",
                            help="只把该 UTC 分钟到期的定时任务排入队列（各主机只排一次）然后退出")

    def handle(self, *args, **opts):
        if opts["enqueue_periodic_at"]:
            return self.enqueue_at(opts["enqueue_periodic_at"])
        argv = {"workers": opts["workers"], "worker_type": "thread", "graceful_signal": "TERM", "shutdown_timeout": 25}
        if opts["quiet"]:
            argv["verbose"] = False
        call_command("run_huey", **argv)

    def enqueue_at(self, text: str):
        try:
            when = dt.datetime.fromisoformat(text).replace(second=0, microsecond=0, tzinfo=None)
        except ValueError:
            raise CommandError(f"时间格式不正确：{text}。请写成 2026-11-02T00:00（UTC）。") from None
        autodiscover_modules("tasks")
        from huey.contrib.djhuey import HUEY

        tasks = HUEY.read_periodic(when)
        for task in tasks:
            HUEY.enqueue(task)
        self.stdout.write(f"已排入 {len(tasks)} 项定时任务：{', '.join(t.name for t in tasks) or '无'}")
