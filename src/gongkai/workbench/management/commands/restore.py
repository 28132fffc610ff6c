"""gongkai restore FILE.tar.gz — load a backup made by `gongkai backup` and put the uploaded files back.

The whole archive is validated first (format, version, checksums, paths, JSON and models or
`pg_restore --list`, migrations) and unpacked into a staging folder; only then is the database replaced (with
--force when it holds data), in ONE transaction: a restore that fails at any point leaves the live data
exactly as it was. data.json is loaded with flush + loaddata in a Django transaction; a PostgreSQL dump with
`pg_restore --clean --if-exists --single-transaction --exit-on-error` (gongkai.workbench.pgdump), which
also works on a new, empty database (no `migrate` needed first; run `gongkai migrate` after it)."""

import shutil
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from gongkai.agencies.models import Agency
from gongkai.workbench import pgdump
from gongkai.workbench.backupfile import DUMP, check_archive
from gongkai.workbench.management.commands.backup import file_roots


class Command(BaseCommand):
    help = "从备份文件恢复数据和上传文件（目标数据库须为空）"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--force", action="store_true", help="目标数据库已有数据时仍然恢复（替换全部数据）")

    def handle(self, *args, **opts):
        path = Path(opts["path"])
        if not path.is_file():
            raise CommandError(f"找不到备份文件：{path}", returncode=2)
        roots = file_roots()
        with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as tmp:
            staged = check_archive(path, Path(tmp), roots)
            if self.has_data() and not opts["force"]:
                raise CommandError("目标数据库已有数据。请在新建的空数据库上恢复，或加 --force 用备份替换全部数据。",
                                   returncode=2)
            if staged.data.name == DUMP:
                extra = pgdump.extra_tables(staged.dump_toc)
                if extra:
                    raise CommandError(f"数据库中有备份里没有的数据表（如 {extra[0]}，来自更新的版本），恢复未做任何改动："
                                       "请在新建的空数据库上恢复，再执行 gongkai migrate", returncode=2)
                pgdump.restore(staged.data)
            else:
                self.load(staged.data)
            for top, rel, source in staged.files:
                target = roots[top].joinpath(*rel.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
        self.stdout.write(f"已从 {path} 恢复（上传文件 {len(staged.files)} 个）。")

    @staticmethod
    def has_data() -> bool:
        if Agency._meta.db_table not in connection.introspection.table_names():
            return False  # a new database (a dump brings its own tables)
        return Agency.objects.exists()

    def load(self, data: Path) -> None:
        try:
            with transaction.atomic():
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(data), verbosity=0)
        except Exception as exc:  # noqa: BLE001 — whatever failed, the transaction was rolled back
            reason = " ".join(str(exc).split())[:300]
            raise CommandError(f"恢复失败，数据库未作任何改动：{reason}", returncode=2) from None
