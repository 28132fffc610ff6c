"""Table 4 (政府信息公开行政复议、行政诉讼情况): one row of 15 cells under its header, ending before
section 五 or at the first text after its values."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.rules.parse.anchors import values_end
from gongkai.rules.parse.digits import chunks_of, to_number
from gongkai.rules.parse.labels import TABLE4_START
from gongkai.rules.parse.rows import L5_TOTALS, T4_WIDTH, read_row, unsure
from gongkai.rules.report_data import Finding

ALTERNATIVES_SHOWN = 3

# "五、存在…": the heading of section 五 (rules.formats.SECTIONS) by the first words its spellings use
_SECTION_FIVE = re.compile(r"五[、.,]\s*(?:存在|政府信息公开工作存在|主要问题|工作中存在)")


@dataclass
class Table4:
    values: list[int | float]
    blanks: set[int]
    start: int
    end: int
    findings: list[Finding]


def _start(text: str, after: int) -> int | None:
    starts = [i for i in (text.find(k, after) for k in TABLE4_START) if i >= 0]
    return min(starts) if starts else None


def read_table4(text: str, after: int) -> Table4 | None:
    start = _start(text, after)
    if start is None:
        return None
    m = _SECTION_FIVE.search(text, start)
    limit = m.start() if m else len(text)
    end = values_end(text, start, limit, T4_WIDTH)  # a note under the table is not a value
    findings: list[Finding] = []
    chunks = chunks_of(text[start:end])
    if not chunks:
        return None
    read = read_row(chunks, T4_WIDTH, L5_TOTALS)
    if read.status == "ambiguous":
        alts: list[str] = []
        for cand in read.candidates:
            t = "、".join(p.text or "空" for p in cand)
            if t not in alts:
                alts.append(t)
        findings.append(
            Finding(
                "SPLIT_AMBIGUOUS",
                "warning",
                "表四",
                "表四数字连在一起（单元格分隔丢失），按“总计=四项之和”仍有多种拆分："
                + " 或 ".join(f"[{t}]" for t in alts[:ALTERNATIVES_SHOWN])
                + "。已取第一种，请对照原件核实。",
            )
        )
    if read.status in ("inconsistent", "short", "extra"):
        findings.append(unsure("表四", read.status))
    values = [to_number(p) for p in read.pieces]
    blanks = {i for i, p in enumerate(read.pieces) if p.blank}
    return Table4(values, blanks, start, end, findings)
