"""gongkai migrate: Django's migrate, with the progress of a first run said in Chinese (one line per app
and the time taken) instead of one English line per migration.

Only the default verbosity (1) changes: `-v 0` stays silent (the test runner and scripts use it) and
`-v 2`/`-v 3` print Django's own detailed output. Options and behaviour are Django's.
"""

from __future__ import annotations

import time
from collections import Counter

from django.apps import apps
from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation


def _label(app_label: str) -> str:
    try:
        with translation.override(settings.LANGUAGE_CODE):  # Django's own apps have Chinese names too
            return str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        return app_label


class Command(DjangoMigrate):
    help = "创建或更新数据库结构（首次运行会显示进度）。"

    def handle(self, *args, **options):
        plain = (options["verbosity"] != 1 or options.get("plan") or options.get("check_unapplied")
                 or options.get("prune") or options.get("app_label"))
        if plain:
            self._chinese = False
            return super().handle(*args, **options)
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = [m for m, backwards in executor.migration_plan(executor.loader.graph.leaf_nodes()) if not backwards]
        self._chinese = True
        self._total = len(plan)
        self._per_app = Counter(m.app_label for m in plan)
        self._done = 0
        self._apps_seen: set[str] = set()
        started = time.monotonic()
        if plan:
            self.stdout.write(f"正在创建或更新数据库：共 {len(plan)} 个迁移，涉及 {len(self._per_app)} 个模块…")
        super().handle(*args, **{**options, "verbosity": 0})
        if plan:
            self.stdout.write(f"数据库已更新（用时 {time.monotonic() - started:.1f} 秒）。")
        else:
            self.stdout.write("数据库已是最新，无需迁移。")

    def migration_progress_callback(self, action, migration=None, fake=False):
        if not getattr(self, "_chinese", False):
            return super().migration_progress_callback(action, migration, fake)
        if action == "apply_start" and migration is not None:
            self._done += 1
            if migration.app_label not in self._apps_seen:
                self._apps_seen.add(migration.app_label)
                self.stdout.write(f"  [{self._done}/{self._total}] {_label(migration.app_label)}"
                                  f"（{self._per_app[migration.app_label]} 个迁移）…")
                self.stdout.flush()
