"""Reading the 国务院办公厅 holiday notice (《关于XXXX年部分节假日安排的通知》) into exception days.

The notice lists one festival per item, e.g.

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。

`parse_notice(text, year)` returns the holidays and make-up workdays it states, and the lines it could
not read, so a staff member can preview and correct before confirming.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

_ITEM = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*(?P<name>[^：:]+)[：:](?P<body>.*)$")
_PAREN = re.compile(r"[（(][^）)]*[）)]")
_DATE = r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日"
_RANGE = re.compile(_DATE.format(p="a") + r"(?:\s*[至到—\-~～]\s*" + _DATE.format(p="b") + r")?\s*放假")
_ONE_DATE = re.compile(_DATE.format(p="c"))


class NoticeError(ValueError):
    pass


@dataclass
class ParsedNotice:
    year: int
    holidays: dict[dt.date, str] = field(default_factory=dict)
    workdays: dict[dt.date, str] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)


def _date(
    year: int, m: str | None, d: str, month: int | None, y: str | None, festival: str, december_rule: bool = True
) -> dt.date:
    month_v = int(m) if m else month
    if month_v is None:
        raise NoticeError(f"“{festival}”的日期缺少月份。")
    year_v = int(y) if y else year
    # 元旦 ranges may start in December of the year before (e.g. 12月30日至1月1日).
    if december_rule and not y and month_v == 12 and festival.startswith("元旦"):
        year_v = year - 1
    try:
        return dt.date(year_v, month_v, int(d))
    except ValueError as exc:
        raise NoticeError(f"“{festival}”中的日期 {month_v}月{d}日 不存在。") from exc


def _add_range(result: ParsedNotice, year: int, name: str, label: str, rng: re.Match) -> None:
    start = _date(year, rng.group("am"), rng.group("ad"), None, rng.group("ay"), name)
    end = start
    if rng.group("bd"):
        end = _date(start.year, rng.group("bm"), rng.group("bd"), start.month, rng.group("by"), name, False)
        if end < start and start.month == 12 and end.month == 1:  # 12月31日至1月2日
            end = end.replace(year=start.year + 1)
        if end < start:
            raise NoticeError(f"“{name}”的放假结束日期早于开始日期。")
    if (end - start).days > 15:
        raise NoticeError(f"“{name}”的放假天数超过 15 天，请检查日期。")
    day = start
    while day <= end:
        result.holidays[day] = label
        day += dt.timedelta(days=1)


def parse_notice(text: str, year: int) -> ParsedNotice:
    result = ParsedNotice(year=year)
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        m = _ITEM.match(line)
        if not m:
            if "放假" in line or "上班" in line:
                result.unread.append(line)
            continue
        name = m.group("name").strip()
        label = name.split("、")[0] if "、" in name else name
        body = _PAREN.sub("", m.group("body"))
        found = False
        for sentence in re.split(r"[。；;]", body):
            if "放假" in sentence:
                for rng in _RANGE.finditer(sentence):
                    found = True
                    _add_range(result, year, name, label, rng)
            elif "上班" in sentence:
                month = None
                for dm in _ONE_DATE.finditer(sentence):
                    wd = _date(year, dm.group("cm"), dm.group("cd"), month, dm.group("cy"), name)
                    month = wd.month
                    result.workdays[wd] = label
        if not found:
            result.unread.append(line)
    if not result.holidays:
        raise NoticeError("没有读到任何放假安排：请粘贴通知正文中“一、元旦：……放假”这样的条目。")
    return result
