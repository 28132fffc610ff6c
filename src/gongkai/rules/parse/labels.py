"""How the parser recognizes row labels: the standard label (from rules.formats) reduced to its core,
plus shorter distinctive keys for labels that reach us split, truncated or mistyped
("2.其他法律行政止公开", "本年增/"). Keys are tried in order; the earliest match wins.
"""

from __future__ import annotations

import re

from gongkai.rules.formats import FORMAT_2019, FORMAT_2021, ReportFormat
from gongkai.rules.parse.normalize import normalize

_GROUP_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))")
_ITEM_PREFIX = re.compile(r"^(\d+)[.、]")
_PAREN = re.compile(r"\([^()]*\)")

# extra keys for table-3 rows, by row key (the core of the standard label is always tried first)
T3_KEYS: dict[str, tuple[str, ...]] = {
    "new": ("本年新收", "新收政府信息公开申请"),
    "carried_in": ("上年结转", "上年转结", "上年度结转"),
    "r1": ("予以公开",),
    "r2": ("部分公开",),
    "r3_1": ("国家秘密",),
    "r3_2": ("其他法律", "法规禁止公开", "行政止公开", "禁止公开"),
    "r3_3": ("三安全一稳定", "危及"),
    "r3_4": ("第三方合法权益", "第三方"),
    "r3_5": ("内部事务",),
    "r3_6": ("过程性信息", "过程性"),
    "r3_7": ("执法案卷",),
    "r3_8": ("查询事项",),
    "r4_1": ("不掌握",),
    "r4_2": ("另行制作", "没有现成"),
    "r4_3": ("仍不明确", "补正后"),
    "r5_1": ("信访举报投诉", "信访"),
    "r5_2": ("重复申请",),
    "r5_3": ("公开出版物", "出版物"),
    "r5_4": ("大量反复", "反复申请"),
    "r5_5": ("重新出具", "确认或重新"),
    "r6": ("其他处理",),
    "r6_1": ("逾期不补正", "不补正"),
    "r6_2": ("未按收费通知", "收费通知", "缴纳费用"),
    "r6_3": ("其他",),
    "total": ("总计", "合计"),
    "carried_out": ("结转下年度", "转下年度", "结转下一年度", "结转下年"),
}

# extra keys for table-2 rows, by row label
T2_KEYS: dict[str, tuple[str, ...]] = {
    "规范性文件": ("行政规范性文件",),
    "行政规范性文件": ("规范性文件",),
    "其他对外管理服务事项": ("对外管理服务", "其他对外管理"),
    "行政事业性收费": ("事业性收费",),
    "政府集中采购": ("集中采购",),
}

TABLE2_START = re.compile(r"第二十条第\(?[一1]\)?项")
TABLE3_TITLE = ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请")
TABLE4_START = ("结果维持", "行政复议")
TABLE3_HEADER_WORDS = ("自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "总计")


def core(label: str) -> str:
    """The distinctive part of a standard label: no numbering, no notes in parentheses, no quotes."""
    s = normalize(label).replace(" ", "")
    s = _GROUP_PREFIX.sub("", s)
    if s.startswith("(") and ")" in s[:6]:
        s = s[s.index(")") + 1 :]
    s = _ITEM_PREFIX.sub("", s)
    s = _PAREN.sub("", s)
    return s


def item_number(label: str) -> int | None:
    """The printed item number of a table-3 row label ("（三）2.其他…" → 2)."""
    s = normalize(label)
    s = re.sub(r"^\([一二三四五六七八九十]+\)", "", s)
    m = _ITEM_PREFIX.match(s)
    return int(m.group(1)) if m else None


def t3_keys(spec: ReportFormat, key: str) -> tuple[str, ...]:
    row = spec.table3_row(key)
    cores = (core(row.item) if row.item else core(row.label),)
    return tuple(dict.fromkeys((*cores, *T3_KEYS.get(key, ()))))


def t2_keys(label: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((label, *T2_KEYS.get(label, ()))))


FORMATS = (FORMAT_2019, FORMAT_2021)
