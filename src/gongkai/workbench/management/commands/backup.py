"""gongkai backup FILE.tar.gz — every table (portable JSON, restorable on SQLite or PostgreSQL) plus the
uploaded files: public attachments (MEDIA_ROOT) and applicants' private attachments, with a manifest of
checksums (gongkai.workbench.backupfile)."""

import io
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from gongkai.workbench.backupfile import write_archive

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
        if path.is_dir():
            raise CommandError(f"{path} 是一个目录，请给出备份文件的文件名（如 {path / 'backup.tar.gz'}）", returncode=2)
        if not path.parent.is_dir():
            raise CommandError(f"目录不存在：{path.parent}", returncode=2)
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise CommandError(f"没有写入权限：{path}", returncode=2)
        data = io.StringIO()
        call_command("dumpdata", exclude=EXCLUDE, natural_foreign=True, stdout=data, indent=None)
        # Written beside the target and renamed when complete: a failed backup never leaves half a file.
        tmp = ""
        try:
            fd, tmp = tempfile.mkstemp(prefix=".backup-", suffix=".tmp", dir=path.parent)
            os.close(fd)
            files = write_archive(Path(tmp), data.getvalue().encode("utf-8"), file_roots())
            os.replace(tmp, path)
        except OSError as exc:
            raise CommandError(f"写入备份文件失败：{path}（{exc.strerror or exc}）", returncode=2) from None
        finally:
            if tmp and os.path.exists(tmp):
                os.unlink(tmp)
        self.stdout.write(f"已备份到 {path}（{path.stat().st_size} 字节，含上传文件 {files} 个）")
