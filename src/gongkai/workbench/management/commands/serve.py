"""gongkai serve: the web server.

Development (`make run`, GONGKAI_DEBUG=1): Django's development server plus the background-job consumer,
with the demo logins printed. Production (`--production`, or whenever GONGKAI_DEBUG=0): gunicorn with a
bounded number of worker processes and threads (gongkai.serving.wsgiserver); the job consumer runs as its
own `gongkai worker` (one per host) unless `--jobs` asks for it here.

SIGTERM or Ctrl+C stops everything this command started: gunicorn lets in-flight requests finish, and
the job consumer is stopped and waited for (it also dies with this process should it be killed).
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the parent dies (Linux), so no consumer is ever orphaned."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def start_jobs() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "gongkai", "worker", "--quiet"],
                            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)


def stop_jobs(jobs: subprocess.Popen | None) -> None:
    if jobs is None or jobs.poll() is not None:
        return
    jobs.send_signal(signal.SIGTERM)  # the worker's graceful signal: finish the running job, then stop
    try:
        jobs.wait(timeout=20)
    except subprocess.TimeoutExpired:
        jobs.kill()
        jobs.wait(timeout=5)


def _sigterm_as_exit(signum, frame):
    raise SystemExit(0)


class Command(BaseCommand):
    help = "启动平台（网页服务和后台任务）。生产环境：GONGKAI_DEBUG=0 gongkai serve --workers 4"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-jobs", action="store_true", help="开发模式下不启动后台任务进程")
        parser.add_argument("--production", action="store_true",
                            help="用 gunicorn 运行（GONGKAI_DEBUG=0 时总是如此）")
        parser.add_argument("--workers", type=int, default=None, help="生产模式的进程数（默认 min(4, 2×CPU)）")
        parser.add_argument("--threads", type=int, default=None, help="每个进程的线程数（默认 4）")
        parser.add_argument("--bind", action="append", default=None,
                            help="监听地址，如 127.0.0.1:8001 或 unix:/run/gongkai.sock（可重复）")
        parser.add_argument("--jobs", action="store_true", help="生产模式下也在本进程旁启动后台任务进程")
        parser.add_argument("--access-log", action="store_true", help="gunicorn 访问日志（文本）")
        parser.add_argument("--no-collectstatic", action="store_true",
                            help="不在启动时收集静态文件（已由部署脚本运行 gongkai collectstatic 时）")

    def handle(self, *args, **opts):
        if opts["production"] or not settings.DEBUG:
            return self.production(opts)
        return self.development(opts)

    # --- development -------------------------------------------------------------------------------
    def development(self, opts):
        from gongkai.accounts.models import User
        from gongkai.agencies.demo import DEMO_PASSWORD, USERS

        address = f"http://{opts['host']}:{opts['port']}/"
        self.stdout.write("")
        self.stdout.write(f"公开平台已启动：{address}")
        self.stdout.write(f"工作人员登录：{address}accounts/login/")
        demo = [u for u in USERS if User.objects.filter(username=u[0]).exists()]
        if demo:
            self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
            for username, full_name, *_ in demo:
                self.stdout.write(f"  {username:<12} {full_name}")
        self.stdout.write("按 Ctrl+C 停止。\n")
        signal.signal(signal.SIGTERM, _sigterm_as_exit)
        jobs = None if opts["no_jobs"] else start_jobs()
        try:
            call_command("runserver", f"{opts['host']}:{opts['port']}", use_reloader=False)
        except KeyboardInterrupt:
            pass
        finally:
            stop_jobs(jobs)

    # --- production --------------------------------------------------------------------------------
    def production(self, opts):
        from django.db import connections

        from gongkai.serving import wsgiserver

        workers = opts["workers"] or wsgiserver.DEFAULT_WORKERS
        threads = opts["threads"] or wsgiserver.DEFAULT_THREADS
        if not (1 <= workers <= 64 and 1 <= threads <= 64):
            raise CommandError("进程数和线程数须在 1 到 64 之间。")
        pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool")
        if pool and pool["max_size"] > threads:
            self.stderr.write(f"提示：连接池上限 {pool['max_size']} 大于线程数 {threads}，多出的连接用不上。")
        binds = opts["bind"] or [f"{opts['host']}:{opts['port']}"]
        if not opts["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        connections.close_all()
        limit = f"，数据库连接至多 {workers * pool['max_size']} 个" if pool else ""
        self.stdout.write(f"公开平台（生产模式）：{', '.join(binds)}，{workers} 个进程 × {threads} 个线程{limit}。")
        self.stdout.flush()  # before gunicorn forks: a buffered line would be written again by every worker
        jobs = start_jobs() if opts["jobs"] else None
        try:
            wsgiserver.run(wsgiserver.options(
                binds=binds, workers=workers, threads=threads,
                trusted_proxies=list(settings.GONGKAI_TRUSTED_PROXIES), access_log=opts["access_log"]))
        finally:
            stop_jobs(jobs)
