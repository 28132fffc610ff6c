"""gongkai demo: load the demo data of every app (each app's `demo.load`), idempotently, saying which step
runs and how long each took (a first run takes tens of seconds; a rerun finds everything in place)."""

import importlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand


def demo_modules() -> list[tuple[str, object]]:
    """(the app's Chinese name, its demo module) in the order of INSTALLED_APPS."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gongkai."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.demo":
                continue
            raise
        found.append((str(config.verbose_name), module))
    return found


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，结果不变）"

    def handle(self, *args, **opts):
        quiet = opts["verbosity"] == 0
        modules = demo_modules()
        started = time.monotonic()
        if not quiet:
            self.stdout.write(f"正在载入演示数据（共 {len(modules)} 步，首次运行约需半分钟）…")
        for n, (name, module) in enumerate(modules, 1):
            step = time.monotonic()
            if not quiet:
                self.stdout.write(f"[{n}/{len(modules)}] {name}…")
                self.stdout.flush()
            module.load(None if quiet else self.stdout)
            if not quiet:
                self.stdout.write(f"      {name}完成，用时 {time.monotonic() - step:.1f} 秒。")
        if not quiet:
            self.stdout.write(f"演示数据已就绪（共用时 {time.monotonic() - started:.1f} 秒）。")
