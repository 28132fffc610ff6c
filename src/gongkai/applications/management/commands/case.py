"""gongkai case export TRACKING_CODE --out DIR — the case file (案卷) of one application, ready for archiving."""

from pathlib import Path

from django.core.management.base import CommandError

from gongkai.applications import casefile
from gongkai.applications.models import Application
from gongkai.common.commands import SubcommandCommand, arg, subcommand


class Command(SubcommandCommand):
    help = "依申请公开案卷：导出一件申请的全部文书、附件和案卷目录"

    @subcommand("export", "把案卷写入目录 DIR", arg("tracking_code"), arg("--out", required=True))
    def export(self, opts):
        code = opts["tracking_code"].strip().upper()
        app = Application.objects.select_related("agency").filter(tracking_code=code).first()
        if app is None:
            raise CommandError(f"没有查询码为 {code} 的申请。")
        out = Path(opts["out"])
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} 不是目录。")
        written = casefile.export_dir(app, out)
        for path in written:
            self.stdout.write(f"{path.name}\t{path.stat().st_size}")
        self.stdout.write(f"案卷已写入 {out}：共 {len(written)} 个文件（含案卷目录）。")
