"""gongkai demo: load the demo data of every app (each app's `demo.load`), idempotently."""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，结果不变）"

    def handle(self, *args, **opts):
        for config in apps.get_app_configs():
            if not config.name.startswith("gongkai."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"{config.name}.demo":
                    continue
                raise
            module.load(self.stdout)
        self.stdout.write("演示数据已就绪。")
