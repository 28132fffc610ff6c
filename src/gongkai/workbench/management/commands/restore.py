"""gongkai restore FILE.tar.gz — load a backup made by `gongkai backup` into an empty, migrated database and
put the uploaded files back."""

import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.workbench.management.commands.backup import file_roots


class Command(BaseCommand):
    help = "从备份文件恢复数据和上传文件（目标数据库须为空）"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--force", action="store_true", help="目标数据库已有数据时仍然恢复（先清空）")

    def handle(self, *args, **opts):
        path = Path(opts["path"])
        if not path.is_file():
            raise CommandError(f"找不到备份文件：{path}")
        try:
            tar = tarfile.open(path, "r:gz")
            members = tar.getmembers()
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise CommandError(f"备份文件已损坏或不是 gongkai 备份：{exc}") from None
        names = {m.name for m in members}
        if "data.json" not in names:
            raise CommandError("备份文件中没有 data.json，不是 gongkai 备份。")
        roots = file_roots()
        for m in members:  # refuse anything that would land outside its folder
            parts = PurePosixPath(m.name).parts
            if m.name != "data.json" and (not m.isfile() or parts[0] not in roots or ".." in parts or m.name.startswith("/")):
                raise CommandError(f"备份文件含有不安全的路径：{m.name}")
        if Agency.objects.exists():
            if not opts["force"]:
                raise CommandError("目标数据库已有数据。请在新建的空数据库上恢复，或加 --force 先清空再恢复。")
            call_command("flush", interactive=False, verbosity=0)
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data.json"
            data.write_bytes(tar.extractfile("data.json").read())
            with transaction.atomic():
                call_command("loaddata", str(data), verbosity=0)
        files = 0
        for m in members:
            if m.name == "data.json":
                continue
            top, *rest = PurePosixPath(m.name).parts
            target = roots[top].joinpath(*rest)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tar.extractfile(m).read())
            files += 1
        tar.close()
        self.stdout.write(f"已从 {path} 恢复（上传文件 {files} 个）。")
