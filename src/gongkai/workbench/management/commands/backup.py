"""gongkai backup FILE.tar.gz — the whole database plus the uploaded files: public attachments (MEDIA_ROOT)
and applicants' private attachments, with a manifest of checksums (gongkai.workbench.backupfile).

On PostgreSQL the database is a custom-format `pg_dump` (gongkai.workbench.pgdump); on SQLite, and with
--json anywhere, every table as portable JSON (restorable on SQLite or PostgreSQL)."""

import io
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gongkai.workbench import pgdump
from gongkai.workbench.backupfile import DATA, DUMP, write_archive

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def file_roots() -> dict[str, Path]:
    from gongkai.applications.storage import private_root

    return {"media": Path(settings.MEDIA_ROOT), "private": private_root()}


class Command(BaseCommand):
    help = "备份全部数据和上传文件到一个 .tar.gz 文件"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true",
                            help="在 PostgreSQL 上也写可移植的 JSON（用于迁到另一种数据库；平时用 pg_dump）")

    def handle(self, *args, **opts):
        path = Path(opts["path"])
        if path.is_dir():
            raise CommandError(f"{path} 是一个目录，请给出备份文件的文件名（如 {path / 'backup.tar.gz'}）", returncode=2)
        if not path.parent.is_dir():
            raise CommandError(f"目录不存在：{path.parent}", returncode=2)
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise CommandError(f"没有写入权限：{path}", returncode=2)
        use_dump = connection.vendor == "postgresql" and not opts["json"]
        # Written beside the target and renamed when complete: a failed backup never leaves half a file.
        tmp = ""
        try:
            with tempfile.TemporaryDirectory(prefix=".backup-", dir=path.parent) as work:
                data = Path(work) / (DUMP if use_dump else DATA)
                if use_dump:
                    pgdump.dump(data)
                else:
                    text = io.StringIO()
                    call_command("dumpdata", exclude=EXCLUDE, natural_foreign=True, stdout=text, indent=None)
                    data.write_text(text.getvalue(), "utf-8")
                fd, tmp = tempfile.mkstemp(prefix=".backup-", suffix=".tmp", dir=path.parent)
                os.close(fd)
                files = write_archive(Path(tmp), data.name, data, file_roots())
                os.replace(tmp, path)
        except OSError as exc:
            raise CommandError(f"写入备份文件失败：{path}（{exc.strerror or exc}）", returncode=2) from None
        finally:
            if tmp and os.path.exists(tmp):
                os.unlink(tmp)
        self.stdout.write(f"已备份到 {path}（{path.stat().st_size} 字节，含上传文件 {files} 个）")
