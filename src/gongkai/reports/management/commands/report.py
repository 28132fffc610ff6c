"""gongkai report build --agency NAME --year YYYY [--format 2019|2021] [--rollup] --out DIR

Computes the annual report from the ledgers as they stand (with the agency's own paragraphs when a
report exists; --rollup: the government's roll-up as reports.government.rollup_data defines it, with the
members chosen on its roll-up report), checks it (hand-entered table-2 figures nobody has entered are
blank, not 0, and an error, as on the report page), and writes report.json, report.html, report.docx,
report.pdf and report.xlsx to DIR.
Exit status 1 when the checks found errors (the findings are printed); 2 on bad input.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import CommandError

from gongkai.agencies.models import Agency
from gongkai.common.commands import SubcommandCommand, arg, subcommand
from gongkai.reports.check_runner import mark_unfilled, previous_data, run_checks
from gongkai.reports.compute import compute, spec_for
from gongkai.reports.downloads import render_file
from gongkai.reports.government import rollup_data, unfilled_by
from gongkai.reports.models import AnnualReport
from gongkai.reports.render_html import report_title

FILES = ("json", "html", "docx", "pdf", "xlsx")


class Command(SubcommandCommand):
    help = "年度报告：build 按台账生成并检查年度报告，输出 JSON/HTML/Word/PDF/Excel"
    subcommand_dest = "action"  # as before SubcommandCommand: a missing subcommand says “缺少参数：action”

    @subcommand(
        "build", "生成年度报告文件",
        arg("--agency", required=True, help="机关名称（或网址标识）"),
        arg("--year", required=True, type=int, help="报告年度，例如 2020"),
        arg("--format", dest="fmt", choices=["2019", "2021"], help="报告格式（默认按年度）"),
        arg("--rollup", action="store_true",
            help="政府汇总报告：本级政府及汇总报告所选部门（默认为直属部门；已发布的部门报告取其发布数）"),
        arg("--out", required=True, help="输出目录"),
    )
    def build(self, opts):
        agency = (Agency.objects.filter(name=opts["agency"]).first()
                  or Agency.objects.filter(slug=opts["agency"]).first())
        if agency is None:
            raise CommandError(f"找不到机关“{opts['agency']}”。请使用机关全称（如“泸州市统计局”）或网址标识。")
        year = opts["year"]
        if not 2008 <= year <= 2100:
            raise CommandError(f"报告年度“{year}”不正确：应为四位年份，例如 2020。")
        spec = spec_for(year, opts["fmt"])
        stored = AnnualReport.objects.filter(agency=agency, year=year, format=spec.code).first()
        texts = stored.texts if stored else None
        # always computed from the ledgers as they stand (with the agency's own paragraphs, if any)
        if opts["rollup"]:
            if not agency.is_government:
                raise CommandError(f"“{agency.name}”不是人民政府，不能编制政府汇总报告。")
            # the members chosen on its roll-up report, if there is one (else the default members)
            members = list(stored.members.all()) if stored and stored.is_rollup else None
            data = rollup_data(agency, year, spec.code, members=members, texts=texts)
            missing = unfilled_by(data)
        else:
            data = compute(agency, year, spec.code, texts=texts)
            mark_unfilled(data, [agency], year)
            missing = None
        data.findings = run_checks(data, previous_data(agency.pk, year, opts["rollup"]),
                                   is_government=agency.is_government, missing_at=missing)
        out = Path(opts["out"])
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"无法创建输出目录“{out}”：{exc.strerror}。") from None
        title = report_title(agency.name, year)
        for ext in FILES:
            (out / f"report.{ext}").write_bytes(render_file(data, ext, title))
        self.stdout.write(f"{title}（{spec.code}年格式）已写入 {out}/：" + "、".join(f"report.{e}" for e in FILES))
        errors = [f for f in data.findings if f.severity == "error"]
        for f in data.findings:
            level = "错误" if f.severity == "error" else "提示"
            self.stdout.write(f"[{f.code} {level}] {f.where}：{f.message}")
        if errors:
            self.stderr.write(f"检查发现 {len(errors)} 处错误。")
            sys.exit(1)
        self.stdout.write("检查通过：没有错误。" if not data.findings else f"检查完成：{len(data.findings)} 条提示，没有错误。")
