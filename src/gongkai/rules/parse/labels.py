"""How the parser recognizes row labels, all derived from rules.formats: the standard label reduced
to its core, the cores of its known variant spellings, then the shorter distinctive fragments the
format spec lists (`Row.keys`) for labels that reach us split, truncated or mistyped ("2.其他法律行政
止公开", "本年增/"). Keys are tried in order; the earliest match in the text wins.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gongkai.rules.formats import (
    FORMAT_2019,
    FORMAT_2021,
    TABLE3_COLUMNS,
    TABLE3_LEGAL_PERSON_GROUP,
    TABLE4_GROUPS,
    TABLE4_RESULTS,
    ReportFormat,
    Row,
)
from gongkai.rules.formats import TABLE3_TITLE as TABLE3_HEADING
from gongkai.rules.parse.normalize import normalize

_GROUP_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))")
_ITEM_PREFIX = re.compile(r"^(\d+)[.、]")
_PAREN = re.compile(r"\([^()]*\)")

FORMATS = (FORMAT_2019, FORMAT_2021)


@lru_cache(maxsize=512)
def core(label: str) -> str:
    """The distinctive part of a standard label: no numbering, no notes in parentheses, no quotes."""
    s = normalize(label).replace(" ", "")
    s = _GROUP_PREFIX.sub("", s)
    if s.startswith("(") and ")" in s[:6]:
        s = s[s.index(")") + 1 :]
    s = _ITEM_PREFIX.sub("", s)
    s = _PAREN.sub("", s)
    return s


def printed(label: str) -> str:
    """A label as the compacted text prints it: folded (（→() and without spaces."""
    return normalize(label).replace(" ", "")


@lru_cache(maxsize=512)
def item_number(label: str) -> int | None:
    """The printed item number of a table-3 row label ("（三）2.其他…" → 2)."""
    s = normalize(label)
    s = re.sub(r"^\([一二三四五六七八九十]+\)", "", s)
    m = _ITEM_PREFIX.match(s)
    return int(m.group(1)) if m else None


def _row_cores(row: Row) -> tuple[str, ...]:
    own = core(row.item) if row.item else core(row.label)
    return (own, *(core(a) for a in row.aliases))


@lru_cache(maxsize=512)
def t3_keys(spec: ReportFormat, key: str) -> tuple[str, ...]:
    row = spec.table3_row(key)
    return tuple(dict.fromkeys(k for k in (*_row_cores(row), *row.keys) if k))


@lru_cache(maxsize=64)
def t3_full_keys(spec: ReportFormat, key: str) -> tuple[str, ...]:
    """A table-3 row's whole printed labels (with their numbering: "(七)总计"), standard one first."""
    row = spec.table3_row(key)
    return tuple(dict.fromkeys(printed(x) for x in (row.label, *row.aliases)))


@lru_cache(maxsize=512)
def t2_keys(row: Row) -> tuple[str, ...]:
    return tuple(dict.fromkeys((row.label, *row.aliases, *row.keys)))


def _block_start(label: str) -> re.Pattern[str]:
    """"第二十条第（一）项" also printed "第二十条第一项" or "第二十条第(1)项"."""
    m = re.fullmatch(r"(.*?)\((.)\)(.*)", printed(label))
    if m is None:  # pragma: no cover - every block label numbers its item
        return re.compile(re.escape(printed(label)))
    arabic = "一二三四五六七八九".index(m.group(2)) + 1 if m.group(2) in "一二三四五六七八九" else m.group(2)
    return re.compile(rf"{re.escape(m.group(1))}\(?[{m.group(2)}{arabic}]\)?{re.escape(m.group(3))}")


TABLE2_START = _block_start(FORMAT_2021.table2[0].label)
_HEADING_BODY = core(TABLE3_HEADING)  # 收到和处理政府信息公开申请情况
TABLE3_TITLE = (_HEADING_BODY, _HEADING_BODY.removesuffix("情况"))
TABLE4_START = (TABLE4_RESULTS[0][1], TABLE4_GROUPS[0][1])  # 结果维持, 行政复议
# the words of table 3's column header; 其他 is left out: too common a word to show a header
TABLE3_HEADER_WORDS = (
    TABLE3_COLUMNS[0].label,
    TABLE3_LEGAL_PERSON_GROUP,
    *(c.label for c in TABLE3_COLUMNS[1:-1] if c.key != "other"),
    TABLE3_COLUMNS[-1].label,
)
