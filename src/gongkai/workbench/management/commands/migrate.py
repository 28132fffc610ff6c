"""gongkai migrate: Django's migrate, with the progress of a first run said in Chinese (one line per app
and the time taken) instead of one English line per migration.

Only the default verbosity (1) of a plain `gongkai migrate` changes: `-v 0` stays silent (the test runner
and scripts use it); `-v 2`/`-v 3`, app labels, --plan, --check, --prune, --fake and --fake-initial
print Django's own output (a faked migration says FAKED: nothing in the database was changed). Options
and behaviour are Django's, and so is the warning about model changes that have no migration yet.
"""

from __future__ import annotations

import time
from collections import Counter

from django.apps import apps
from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import ProjectState
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
                 or options.get("prune") or options.get("app_label") or options.get("fake")
                 or options.get("fake_initial"))
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
        self._current = None
        try:
            super().handle(*args, **{**options, "verbosity": 0})
        except Exception:
            if self._current is not None:  # Django's own output would have named it just before
                self.stderr.write(f"执行迁移 {self._current} 时出错，详情见下：")
            raise
        if plan:
            self.stdout.write(f"数据库已更新（用时 {time.monotonic() - started:.1f} 秒）。")
        else:
            self.stdout.write("数据库已是最新，无需迁移。")
            self._unmigrated_changes(executor)

    def _unmigrated_changes(self, executor: MigrationExecutor) -> None:
        """What Django's migrate says when nothing is left to apply: models changed without a migration."""
        with translation.override(None):  # as in Django's handle (no_translations): lazy verbose names in English
            changes = self.autodetector(executor.loader.project_state(), ProjectState.from_apps(apps)).changes(
                graph=executor.loader.graph)
        if changes:
            names = "、".join(f"{_label(a)}（{a}）" for a in sorted(changes))
            self.stdout.write(self.style.NOTICE(
                f"注意：{names}的数据模型有改动尚未生成迁移，这些改动不会写入数据库。"
                "请先运行 gongkai makemigrations 生成迁移，再运行 gongkai migrate。"))

    def migration_progress_callback(self, action, migration=None, fake=False):
        if not getattr(self, "_chinese", False):
            return super().migration_progress_callback(action, migration, fake)
        if action == "apply_success":
            self._current = None
        if action == "apply_start" and migration is not None:
            self._current = f"{migration.app_label}.{migration.name}"
            self._done += 1
            if migration.app_label not in self._apps_seen:
                self._apps_seen.add(migration.app_label)
                self.stdout.write(f"  [{self._done}/{self._total}] {_label(migration.app_label)}"
                                  f"（{self._per_app[migration.app_label]} 个迁移）…")
                self.stdout.flush()
