"""Reading one table row's values from the chunks of numbers between its label and the next one.

A row is n cells. What stood between separators may be a value, a blank, or several values run
together (flattened text); the row's sums (L3 in table 3, L5 in table 4), derived from rules.formats,
prune the readings of a run. Every reading says how sure it is (RowRead.status).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from gongkai.rules.formats import TABLE3_COLUMNS, TABLE4_GROUPS, TABLE4_RESULTS
from gongkai.rules.parse.digits import Chunk, Piece, row_sum_splits, splits
from gongkai.rules.report_data import Finding

Totals = dict[int, tuple[int, ...]]

T3_COLS = tuple(c.label for c in TABLE3_COLUMNS)
T3_WIDTH = len(TABLE3_COLUMNS)
T4_WIDTH = len(TABLE4_GROUPS) * len(TABLE4_RESULTS)
_T4_TOTAL = [k for k, _label in TABLE4_RESULTS].index("total")

# L3: the 总计 column of table 3 is the sum of the applicant columns before it
L3_TOTALS: Totals = {T3_WIDTH - 1: tuple(range(T3_WIDTH - 1))}
# L5: in each group of table 4, 总计 is the sum of the four results
L5_TOTALS: Totals = {
    g * len(TABLE4_RESULTS) + _T4_TOTAL: tuple(
        g * len(TABLE4_RESULTS) + i for i in range(len(TABLE4_RESULTS)) if i != _T4_TOTAL
    )
    for g in range(len(TABLE4_GROUPS))
}

# Readings of a flattened run enumerated at most (each is checked against the row's sums; more than
# this many means the run is hopelessly ambiguous anyway).
MAX_READINGS = 500
# Ways to drop surplus numbers from a row (a page number, a header's digits) tried at most:
# C(n + 3, 3) for a 7-cell row is 120, so this covers up to three strays.
MAX_DROPS = 300


@dataclass
class RowRead:
    pieces: list[Piece]
    candidates: list[list[Piece]] = field(default_factory=list)  # when flattened and ambiguous
    status: str = "ok"  # ok | blanks | split | ambiguous | inconsistent | extra | short | empty


def piece(c: Chunk) -> Piece:
    return Piece(c.digits, c.unit)


def sums_ok(pieces: list[Piece], totals: Totals) -> bool:
    return all(pieces[t].value == sum(pieces[i].value for i in parts) for t, parts in totals.items())


def read_row(chunks: list[Chunk], n: int, totals: Totals | None = None, decimal_ok: list[bool] | None = None) -> RowRead:
    nonblank = [c for c in chunks if not c.blank]
    if not chunks:
        return RowRead([Piece("")] * n, status="empty")
    if len(chunks) == n:
        return RowRead([piece(c) for c in chunks])
    if len(nonblank) == n:
        return RowRead([piece(c) for c in nonblank])
    if len(chunks) > n and len(nonblank) < n:
        trimmed = _trim_blank_edges(chunks, n)
        if len(trimmed) == n:
            return RowRead([piece(c) for c in trimmed])
        chunks = nonblank
    if len(nonblank) > n:
        return _drop_extra(nonblank, n, totals)
    if totals == L3_TOTALS and n == T3_WIDTH and 2 <= len(nonblank) < n:
        # cells vanished (PDF → Markdown, scraped text): each number stands in a column of its own
        placed = placements(nonblank, n)
        if placed:
            return RowRead(placed[0], candidates=placed if len(placed) > 1 else [], status="blanks")
    if totals == L3_TOTALS and len(nonblank) == 2 and nonblank[0].digits == nonblank[1].digits:
        # "26 … 26": the empty 法人 cells were dropped (scraped text without blank lines)
        if len(nonblank[0].digits) * 2 < n or not nonblank[0].digits.startswith("0"):
            return RowRead([piece(nonblank[0]), *[Piece("")] * (n - 2), piece(nonblank[1])], status="blanks")
    if totals == L3_TOTALS and n == T3_WIDTH:
        cands = row_sum_splits(chunks, n)
    else:
        cands = list(splits(chunks, n, totals, decimal_ok, limit=MAX_READINGS))
    if len(cands) == 1:
        return RowRead(cands[0], status="split" if any(c.flat for c in chunks) else "ok")
    if cands:
        return RowRead(cands[0], candidates=cands, status="ambiguous")
    loose = list(splits(chunks, n, None, decimal_ok, limit=MAX_READINGS)) if totals else []
    if loose:
        return RowRead(loose[0], candidates=loose, status="inconsistent")
    # too few digits for n cells: the missing cells were printed empty
    pieces = [piece(c) for c in chunks]
    if len(pieces) > 1:
        padded = pieces[:-1] + [Piece("")] * (n - len(pieces)) + pieces[-1:]
    else:
        padded = pieces + [Piece("")] * (n - 1)
    return RowRead(padded[:n], status="short")


def placements(nonblank: list[Chunk], n: int) -> list[list[Piece]]:
    """Every way to put the numbers of a table-3 row whose empty cells vanished back in their columns:
    the last number is the 总计, the others stand in applicant columns in their printed order and add
    up to it (L3). Column order first: 自然人, then 商业企业, … (the usual applicants)."""
    values = [piece(c) for c in nonblank]
    if any(p.unit or "." in p.text or p.text.startswith("-") for p in values):
        return []
    *cells, total = values
    if sum(int(p.text) for p in cells) != int(total.text):
        return []
    out: list[list[Piece]] = []
    for cols in itertools.combinations(range(n - 1), len(cells)):
        row = [Piece("")] * (n - 1)
        for c, p in zip(cols, cells, strict=True):
            row[c] = p
        out.append([*row, total])
        if len(out) >= MAX_READINGS:
            break
    return out


def _trim_blank_edges(chunks: list[Chunk], n: int) -> list[Chunk]:
    trimmed = list(chunks)
    while len(trimmed) > n and trimmed[-1].blank:
        trimmed.pop()
    while len(trimmed) > n and trimmed[0].blank:
        trimmed.pop(0)
    return trimmed


def _drop_extra(nonblank: list[Chunk], n: int, totals: Totals | None) -> RowRead:
    """Extra numbers (a page number, a header with digits): a run of n consecutive numbers that
    satisfies the row's sums is the row; else the one way to drop numbers that does."""
    if totals:
        windows = [nonblank[i : i + n] for i in range(len(nonblank) - n + 1)]
        fitting = [w for w in windows if sums_ok([piece(c) for c in w], totals)]
        if len({tuple(c.digits for c in w) for w in fitting}) == 1:
            return RowRead([piece(c) for c in fitting[-1]], status="extra")
    fits = []
    drops = itertools.combinations(range(len(nonblank)), len(nonblank) - n)
    for drop in itertools.islice(drops, MAX_DROPS):
        kept = [c for i, c in enumerate(nonblank) if i not in drop]
        pieces = [piece(c) for c in kept]
        if totals and sums_ok(pieces, totals):
            fits.append(pieces)
        if len(fits) > 1:
            break
    if len(fits) == 1:
        return RowRead(fits[0], status="extra")
    return RowRead([piece(c) for c in nonblank[:n]], status="extra")


def unsure(where: str, status: str) -> Finding:
    if status in ("short", "blanks"):
        return Finding(
            "CELLS_PLACED",
            "warning",
            where,
            f"{where}：数值个数少于标准格式的列数（空白单元格在转换中丢失），已按列序和勾稽关系放置各数值，"
            "其余单元格按空白（0）读取。请对照原件核实该行。",
        )
    why = {
        "inconsistent": "数字连在一起，且没有一种拆分能满足总计等于各项之和，已按最可能的方式拆分",
        "short": "数值个数少于标准格式的列数，缺少的单元格按空白（0）读取",
        "extra": "数值个数多于标准格式的列数（可能混入了页码等），已舍去多余的数字",
    }[status]
    return Finding("EXTRACTION", "warning", where, f"{where}：{why}。请对照原件核实该行。")
