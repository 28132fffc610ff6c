"""gongkai backup FILE.json.gz — a portable backup of every table (restorable on SQLite or PostgreSQL)."""

import gzip
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class Command(BaseCommand):
    help = "备份全部数据到一个压缩的 JSON 文件"

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, **opts):
        path = Path(opts["path"])
        if not path.parent.exists():
            raise CommandError(f"目录不存在：{path.parent}")
        with gzip.open(path, "wt", encoding="utf-8") as out:
            call_command("dumpdata", exclude=EXCLUDE, natural_foreign=True, stdout=out, indent=None)
        self.stdout.write(f"已备份到 {path}（{path.stat().st_size} 字节）")
