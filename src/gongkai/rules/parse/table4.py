"""Table 4 (政府信息公开行政复议、行政诉讼情况): one row of 15 cells under its header, ending before
section 五 or at the first text after its values."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.rules.formats import TABLE4_GROUPS, TABLE4_RESULTS
from gongkai.rules.parse.anchors import values_end
from gongkai.rules.parse.digits import MAX_DIGITS, Chunk, Piece, chunks_of, to_number
from gongkai.rules.parse.labels import TABLE4_START
from gongkai.rules.parse.rows import L5_TOTALS, T4_WIDTH, RowRead, read_row, unsure
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
    if read.status in ("inconsistent", "ambiguous", "short") and any(c.flat for c in chunks):
        # run together: the values are the first stretch of numbers (prose after them quotes figures)
        first_end = values_end(text, start, limit, 1)
        grouped = group_splits(chunks_of(text[start:first_end]))
        if grouped:
            end = first_end
        else:
            grouped = group_splits(chunks)
        if grouped:
            grouped.sort(key=_implausibility)
            read = RowRead(grouped[0], candidates=grouped if len(grouped) > 1 else [],
                           status="ambiguous" if len(grouped) > 1 else "split")
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


# Readings of a flattened table-4 row enumerated at most.
MAX_GROUP_READINGS = 200
_GROUP = len(TABLE4_RESULTS)


def group_splits(chunks: list[Chunk]) -> list[list[Piece]]:
    """Readings of table 4's values run together ("1100314…"), group by group: four results, then a
    总计 that must be their sum (L5) — the sum is computed, so only its digits are matched. Values
    never span two chunks; no value has a leading zero."""
    if any(c.blank or not c.digits.isdigit() for c in chunks):
        return []
    runs = [c.digits for c in chunks]
    out: list[list[Piece]] = []
    acc: list[str] = []

    def values(ci: int, pos: int, k: int):  # k values from (ci, pos): yields (values, ci, pos)
        if k == 0:
            yield [], ci, pos
            return
        if ci >= len(runs):
            return
        s = runs[ci]
        for end in range(pos + 1, min(len(s), pos + MAX_DIGITS) + 1):
            v = s[pos:end]
            if len(v) > 1 and v[0] == "0":
                break
            nci, npos = (ci + 1, 0) if end == len(s) else (ci, end)
            for rest, eci, epos in values(nci, npos, k - 1):
                yield [v, *rest], eci, epos

    def rec(g: int, ci: int, pos: int) -> None:
        if len(out) >= MAX_GROUP_READINGS:
            return
        if g == len(TABLE4_GROUPS):
            if ci == len(runs):
                out.append([Piece(x) for x in acc])
            return
        for parts, pci, ppos in values(ci, pos, _GROUP - 1):
            if pci >= len(runs):
                continue
            total = str(sum(int(x) for x in parts))
            s = runs[pci]
            if s[ppos : ppos + len(total)] != total:
                continue
            end = ppos + len(total)
            nci, npos = (pci + 1, 0) if end == len(s) else (pci, end)
            acc.extend([*parts, total])
            rec(g + 1, nci, npos)
            del acc[-_GROUP:]

    rec(0, 0, 0)
    return out


def _implausibility(pieces: list[Piece]) -> tuple[int, int]:
    """Small, even figures first: the longest value, then how many values have more than one digit."""
    lengths = [len(p.text) for p in pieces]
    return max(lengths), sum(n > 1 for n in lengths)
