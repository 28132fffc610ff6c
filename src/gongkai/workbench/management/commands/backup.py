"""gongkai backup FILE.tar.gz — every table (portable JSON, restorable on SQLite or PostgreSQL) plus the
uploaded files: public attachments (MEDIA_ROOT) and applicants' private attachments."""

import io
import tarfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def file_roots() -> dict[str, Path]:
    from gongkai.applications.storage import private_root

    return {"media": Path(settings.MEDIA_ROOT), "private": private_root()}


class Command(BaseCommand):
    help = "备份全部数据和上传文件到一个 .tar.gz 文件"

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, **opts):
        path = Path(opts["path"])
        if not path.parent.exists():
            raise CommandError(f"目录不存在：{path.parent}")
        data = io.StringIO()
        call_command("dumpdata", exclude=EXCLUDE, natural_foreign=True, stdout=data, indent=None)
        payload = data.getvalue().encode("utf-8")
        files = 0
        with tarfile.open(path, "w:gz") as tar:
            info = tarfile.TarInfo("data.json")
            info.size, info.mtime = len(payload), int(time.time())
            tar.addfile(info, io.BytesIO(payload))
            for name, root in file_roots().items():
                if root.is_dir():
                    for f in sorted(p for p in root.rglob("*") if p.is_file()):
                        tar.add(f, arcname=f"{name}/{f.relative_to(root).as_posix()}")
                        files += 1
        self.stdout.write(f"已备份到 {path}（{path.stat().st_size} 字节，含上传文件 {files} 个）")
