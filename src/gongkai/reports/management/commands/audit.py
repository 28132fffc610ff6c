"""gongkai audit PATH... [--json] [--csv OUT] [--previous PATH]

Read published annual reports (text, HTML, Word, PDF), recover their tables and check them.
One file: the findings (or, with --json, the JSON interchange of design.md on stdout).
Several files or a folder: a summary table (agency, year, format, errors, warnings, publication date,
on time, copied from last year — the batch audit page's columns), and a CSV with
--csv; reports of one agency in consecutive years are also checked against each other (X1, X2, X4,
内容雷同). Exit 0: read, no errors; 1: read, errors found; 2: a file could not be read.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import unicodedata
from pathlib import Path

from django.core.management.base import BaseCommand

from gongkai.reports.audit_export import counts, interchange, summary_of, yes_no
from gongkai.rules.parse import MAX_BYTES, ReportParseError, audit_report, parse_bytes
from gongkai.rules.report_data import ReportData

SUFFIXES = {".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".xlsx", ".pdf", ".md", ".json"}


class Command(BaseCommand):
    help = "审核已发布的政府信息公开工作年度报告：还原表格并检查勾稽关系、格式和正文数字"
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹（文本、网页、Word .docx、PDF）")
        parser.add_argument("--json", action="store_true", help="输出 JSON（单个文件为交换格式，多个文件为数组）")
        parser.add_argument("--csv", metavar="OUT", help="把汇总表写入 CSV 文件")
        parser.add_argument("--previous", metavar="PATH", help="同一单位上一年度的报告（用于跨年核对 X1、X2、X4、内容雷同）")
        parser.add_argument("--published", metavar="YYYY-MM-DD",
                            help="报告的发布日期（检查是否按《条例》第四十九条按时发布；不给出时从文中查找）")

    def handle(self, *args, **opts):
        try:
            code = self._run(opts)
        except _CsvFailed:
            code = 2
        except KeyboardInterrupt:
            self.stderr.write("已中断。")
            code = 2
        except Exception as exc:  # never a traceback for the user
            self.stderr.write(f"审核失败：内部错误（{type(exc).__name__}）。请把该文件反馈给平台维护人员。")
            code = 2
        sys.exit(code)

    # ---------------------------------------------------------------------------------------------
    def _run(self, opts) -> int:
        files: list[Path] = []
        missing: list[str] = []
        folder_given = False
        for raw in opts["paths"]:
            p = Path(raw)
            if p.is_dir():
                folder_given = True
                # a folder's .json files are usually metadata; an interchange file is audited when named
                files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES - {".json"})
            elif p.is_file():
                files.append(p)
            else:
                missing.append(raw)
        for raw in missing:
            self.stderr.write(f"找不到文件或文件夹：{raw}。请检查路径是否正确。")
        if not files:
            if not missing:
                self.stderr.write("文件夹中没有可审核的报告文件（支持 .txt .html .htm .shtml .docx .pdf）。")
            return 2

        published = None
        if opts.get("published"):
            try:
                published = dt.date.fromisoformat(opts["published"])
            except ValueError:
                self.stderr.write(f"发布日期“{opts['published']}”格式不正确，应为 YYYY-MM-DD，例如 2021-01-25。")
                return 2
        previous = None
        if opts.get("previous"):
            previous, error = _read(Path(opts["previous"]))
            if previous is None:
                self.stderr.write(f"上一年度报告无法读取：{error}")
                return 2

        results: list[tuple[Path, ReportData | None, str]] = []
        for f in files:
            report, error = _read(f)
            results.append((f, report, error))
        reports = [r for _f, r, _e in results if r is not None]
        if previous is not None:
            for r in reports:
                audit_report(r, previous, published)
        else:
            _audit_with_previous_years(reports, published)

        single = len(files) == 1 and not folder_given and not missing
        if single:
            code = self._single(results[0], opts)
        else:
            code = self._many(results, opts)
        return max(code, 2 if missing else 0)

    def _single(self, result, opts) -> int:
        path, report, error = result
        if report is None:
            self.stderr.write(f"无法读取 {path.name}：{error}")
            return 2
        errors, warnings = counts(report)
        if opts["json"]:
            self.stdout.write(json.dumps(interchange(report), ensure_ascii=False, indent=1))
        else:
            self.stdout.write(
                f"{report.agency or '（单位未识别）'} {report.year or '（年度未识别）'}年度报告 · "
                f"{report.format}年格式 · 错误 {errors} 项 · 警告 {warnings} 项"
            )
            for f in report.findings:
                level = "错误" if f.severity == "error" else "警告"
                self.stdout.write(f"[{level} {f.code}] {f.where}：{f.message}")
        if opts.get("csv"):
            self._write_csv(Path(opts["csv"]), [result])
        return 1 if errors else 0

    def _many(self, results, opts) -> int:
        rows = []
        for path, report, error in results:
            if report is None:
                rows.append([str(path), "", "", "", "", "", "", "", "", f"无法读取：{error}"])
            else:
                s = summary_of(report)
                rows.append([str(path), s["agency"], s["year"] or "", s["format"], s["errors"], s["warnings"],
                             s["published"] or "", yes_no(s["on_time"], "按时", "逾期"),
                             yes_no(s["copied"], "雷同", "否") if s["copied"] is not None else "无上年报告", ""])
        if opts["json"]:
            payload = [
                {"path": str(p), **({"report": interchange(r, with_sections=False)} if r else {"error": err})}
                for p, r, err in results
            ]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
        else:
            header = ["文件", "单位", "年度", "格式", "错误", "警告", "发布日期", "按时发布", "内容雷同", "说明"]
            self.stdout.write(_table([header, *rows]))
            readable = sum(1 for _p, r, _e in results if r is not None)
            with_errors = sum(1 for _p, r, _e in results if r is not None and counts(r)[0])
            done = [r for _p, r, _e in results if r is not None]
            late = sum(1 for r in done if r.extra.get("on_time") is False)
            copied = sum(1 for r in done if r.extra.get("copied_sections"))
            self.stdout.write(
                f"共 {len(results)} 份：可读取 {readable} 份，其中有错误 {with_errors} 份、逾期发布 {late} 份、"
                f"与上年内容雷同 {copied} 份；无法读取 {len(results) - readable} 份。"
            )
        if opts.get("csv"):
            self._write_csv(Path(opts["csv"]), results)
        if any(r is None for _p, r, _e in results):
            return 2
        return 1 if any(counts(r)[0] for _p, r, _e in results if r is not None) else 0

    def _write_csv(self, out: Path, results) -> None:
        try:
            with out.open("w", newline="", encoding="utf-8-sig") as fh:
                w = csv.writer(fh)
                w.writerow(["文件", "单位", "年度", "格式", "错误", "警告", "错误代码", "警告代码", "说明"])
                for path, report, error in results:
                    if report is None:
                        w.writerow([str(path), "", "", "", "", "", "", "", f"无法读取：{error}"])
                        continue
                    e, warn = counts(report)
                    err_codes = sorted({f.code for f in report.findings if f.severity == "error"})
                    warn_codes = sorted({f.code for f in report.findings if f.severity == "warning"})
                    w.writerow(
                        [str(path), report.agency or "", report.year or "", report.format, e, warn,
                         " ".join(err_codes), " ".join(warn_codes), ""]
                    )
        except OSError as exc:
            self.stderr.write(f"无法写入 CSV 文件 {out}：{exc.strerror or exc}。请检查目录是否存在、是否有写权限。")
            raise _CsvFailed from exc
        self.stderr.write(f"汇总表已写入 {out}")


class _CsvFailed(Exception):
    pass


def _read(path: Path) -> tuple[ReportData | None, str]:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, (
                f"文件过大（{size / 1024 / 1024:.1f} MB），超过 {MAX_BYTES // 1024 // 1024} MB 的上限。"
                "年度报告通常不超过几 MB，请检查是否选错了文件。"
            )
        data = path.read_bytes()
    except OSError as exc:
        return None, f"无法打开文件（{exc.strerror or exc}）。请检查文件是否存在、是否有读取权限。"
    try:
        return parse_bytes(data, path.name), ""
    except ReportParseError as exc:
        return None, str(exc)


def _audit_with_previous_years(reports: list[ReportData], published: dt.date | None = None) -> None:
    """Check each report; where the batch holds the same agency's previous year, check across years."""
    by_key = {(r.agency, r.year): r for r in reports if r.agency and r.year}
    for r in reports:
        prev = by_key.get((r.agency, r.year - 1)) if r.agency and r.year else None
        audit_report(r, prev, published)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _table(rows: list[list]) -> str:
    text = [[str(c) for c in row] for row in rows]
    widths = [max(_width(row[i]) for row in text) for i in range(len(text[0]))]
    widths = [min(w, 60) for w in widths]
    lines = []
    for row in text:
        cells = [c + " " * max(0, widths[i] - _width(c)) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
