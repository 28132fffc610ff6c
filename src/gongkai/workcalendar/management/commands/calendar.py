"""gongkai calendar add-workdays YYYY-MM-DD N | workdays-between A B | confirm YEAR NOTICE_FILE | status"""

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from gongkai.common.commands import SubcommandCommand, arg, subcommand
from gongkai.common.params import MAX_YEAR, MIN_YEAR
from gongkai.journal.actors import SYSTEM
from gongkai.rules.holiday_notice import NoticeError, parse_notice
from gongkai.workcalendar.actions import confirm_year
from gongkai.workcalendar.models import CalendarYear, YearStatus
from gongkai.workcalendar.service import get_calendar

MAX_WORKDAYS = 5000  # about twenty years of workdays; no statutory period comes near it


def _date(value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期“{value}”格式不正确，应为 YYYY-MM-DD，例如 2026-12-15。", returncode=2) from None
    _year(day.year)
    return day


def _year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CommandError(f"年份 {year} 超出工作日历支持的范围（{MIN_YEAR}–{MAX_YEAR} 年）。", returncode=2)
    return year


def _notice_text(path: Path) -> str:
    if not path.is_file():
        raise CommandError(f"找不到通知文件：{path}", returncode=2)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"通知文件 {path} 不是 UTF-8 文本，请把通知正文另存为 UTF-8 编码的 .txt 文件。", returncode=2) from None
    except OSError as exc:
        raise CommandError(f"无法读取通知文件 {path}（{exc.strerror or exc}）。", returncode=2) from None


class Command(SubcommandCommand):
    help = "工作日历：计算工作日、确认年度节假日安排"

    @subcommand("add-workdays", "D 之后第 N 个工作日（D 当日不计）", arg("date"), arg("n", type=int))
    def add_workdays(self, opts):
        cal = get_calendar()
        start, n = _date(opts["date"]), opts["n"]
        if n < 0:
            raise CommandError("工作日数 N 不能为负数。", returncode=2)
        if n > MAX_WORKDAYS:
            raise CommandError(f"工作日数 N 过大（上限 {MAX_WORKDAYS}，约二十年）。", returncode=2)
        try:
            result = cal.add_workdays(start, n)
        except (OverflowError, ValueError):
            result = None
        if result is None or result.year > MAX_YEAR:
            raise CommandError(f"结果超出工作日历支持的范围（{MIN_YEAR}–{MAX_YEAR} 年）。", returncode=2)
        flag = " provisional" if cal.is_provisional_span(start, result) else ""
        self.stdout.write(f"{result.isoformat()}{flag}")

    @subcommand("workdays-between", "A 之后到 B（含）之间的工作日数", arg("start"), arg("end"))
    def workdays_between(self, opts):
        cal = get_calendar()
        start, end = _date(opts["start"]), _date(opts["end"])
        flag = " provisional" if cal.is_provisional_span(start, end) else ""
        self.stdout.write(f"{cal.workdays_between(start, end)}{flag}")

    @subcommand("confirm", "按国务院办公厅通知正文确认一个年度",
                arg("year", type=int), arg("notice_file"), arg("--source", default=""))
    def confirm(self, opts):
        year, text = _year(opts["year"]), _notice_text(Path(opts["notice_file"]))
        try:
            parsed = parse_notice(text, year)
            confirm_year(SYSTEM, year, parsed.holidays, parsed.workdays, notice_text=text, source=opts["source"])
        except (NoticeError, ValidationError) as exc:
            raise CommandError(str(getattr(exc, "message", exc)), returncode=2) from None
        self.stdout.write(f"{opts['year']}年已确认：放假 {len(parsed.holidays)} 天，调休上班 {len(parsed.workdays)} 天")
        for line in parsed.unread:
            self.stderr.write(f"未识别：{line}")

    @subcommand("status", "各年度的确认状态")
    def status(self, opts):
        for y in CalendarYear.objects.order_by("year"):
            mark = "已确认" if y.status == YearStatus.CONFIRMED else "暂定"
            self.stdout.write(f"{y.year} {mark} {y.source}")
