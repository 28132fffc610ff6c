"""gongkai serve: the web server plus the background-job consumer, with the demo logins printed."""

import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from gongkai.accounts.models import User


class Command(BaseCommand):
    help = "启动平台（网页服务和后台任务）"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-jobs", action="store_true", help="不启动后台任务进程")

    def handle(self, *args, **opts):
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
        jobs = None
        if not opts["no_jobs"]:
            jobs = subprocess.Popen([sys.executable, "-m", "gongkai", "run_huey", "--quiet"])
        try:
            call_command("runserver", f"{opts['host']}:{opts['port']}", use_reloader=False)
        finally:
            if jobs is not None:
                jobs.terminate()
