"""gongkai restore FILE.json.gz — load a backup made by `gongkai backup` into an empty, migrated database."""

import gzip
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gongkai.agencies.models import Agency


class Command(BaseCommand):
    help = "从备份文件恢复数据（目标数据库须为空）"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--force", action="store_true", help="目标数据库已有数据时仍然恢复（先清空）")

    def handle(self, *args, **opts):
        path = Path(opts["path"])
        if not path.is_file():
            raise CommandError(f"找不到备份文件：{path}")
        if Agency.objects.exists():
            if not opts["force"]:
                raise CommandError("目标数据库已有数据。请在新建的空数据库上恢复，或加 --force 先清空再恢复。")
            call_command("flush", interactive=False, verbosity=0)
        try:
            with gzip.open(path, "rt", encoding="utf-8") as src, tempfile.NamedTemporaryFile(
                "w", suffix=".json", encoding="utf-8", delete=False
            ) as tmp:
                for chunk in iter(lambda: src.read(1 << 20), ""):
                    tmp.write(chunk)
        except (OSError, EOFError) as exc:
            raise CommandError(f"备份文件已损坏或不是 gongkai 备份：{exc}") from None
        with transaction.atomic():
            call_command("loaddata", tmp.name, verbosity=0)
        Path(tmp.name).unlink(missing_ok=True)
        self.stdout.write(f"已从 {path} 恢复。")
