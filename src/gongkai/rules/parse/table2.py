"""Table 2 (主动公开政府信息情况): which format its column headers show, its rows by label, and the
readings of flattened rows ranked by plausibility (table 2 has no sums to check them against)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from gongkai.rules.formats import (
    FORMAT_2019,
    FORMAT_2021,
    TABLE2_TITLE,
    Column,
    ReportFormat,
    Row,
    Table2Block,
)
from gongkai.rules.parse.anchors import Anchor, find_first, find_unused, table_end
from gongkai.rules.parse.digits import Piece, chunks_of, to_number
from gongkai.rules.parse.labels import TABLE2_START, core, t2_keys
from gongkai.rules.parse.rows import read_row
from gongkai.rules.report_data import Finding

# A procurement item costs between these many 元 (1 千元 … 1000 万元): a reading of a flattened
# 采购项目数量/采购总金额 row outside it is implausible.
PROCUREMENT_PER_ITEM_YUAN = (1e3, 1e7)
# Readings of an ambiguous row named in the warning.
ALTERNATIVES_SHOWN = 4
# A cut-off column header keeps at least this many characters ("本年增/" for "本年增/减").
MIN_CUT_HEADER = 3

_TITLE_BODY = core(TABLE2_TITLE)  # 主动公开政府信息情况
_UNIT_YUAN = re.compile(r"单位:元")


@dataclass
class Table2:
    fmt: str  # "2019" | "2021" (by the column headers printed)
    values: dict[str, list[int | float]]
    blanks: set[tuple[str, int]]
    start: int
    end: int
    findings: list[Finding]
    mixed: bool = False
    money_unit: str = "万元"
    # rows read from a flattened run with several readings: label -> (block, readings ranked, warning)
    choices: dict[str, tuple[Table2Block, list[list[Piece]], Finding]] = field(default_factory=dict)

    def resolve_by_text(self, prose: str) -> None:
        """Pick the reading of an ambiguous row whose every figure the report's own text quotes next
        to the row's label ("制发行政规范性文件9件，废止7件，现行有效253件"); then no warning."""
        for label, (block, ranked, finding) in list(self.choices.items()):
            quoted = _quoted_numbers(prose, label)
            if not quoted:
                continue
            fits = [p for p in ranked if all(x.blank or x.text in quoted for x in p)]
            if len({tuple(x.text for x in p) for p in fits}) != 1:
                continue
            self.values[label] = [_number(x, c, self.money_unit) for c, x in zip(block.columns, fits[0], strict=False)]
            self.findings.remove(finding)
            del self.choices[label]


def table2_format(region: str) -> tuple[str | None, bool]:
    """(format shown by the column headers, whether both formats' headers are printed)."""
    hits19 = sum(region.count(m) > 0 for m in FORMAT_2019.markers)
    hits21 = sum(region.count(m) > 0 for m in FORMAT_2021.markers)
    if not hits19 and not hits21:
        only19 = _rows_only_in(FORMAT_2019, FORMAT_2021)
        return ("2019" if any(label in region for label in only19) else None), False
    return ("2021" if hits21 >= hits19 else "2019"), bool(hits19 and hits21)


def _rows_only_in(spec: ReportFormat, other: ReportFormat) -> list[str]:
    theirs = {row.key for _b, row in other.table2_rows}
    return [row.label for _b, row in spec.table2_rows if row.key not in theirs]


def _start(text: str, before: int) -> int | None:
    m = TABLE2_START.search(text, 0, before)
    if m is not None:
        return m.start()
    i = text.rfind(_TITLE_BODY, 0, before)
    first_row = FORMAT_2021.table2_rows[0][1].label  # 规章
    j = text.find(first_row, i if i >= 0 else 0, before)
    return j if j >= 0 else None


def read_table2(text: str, before: int, fallback_format: str, whole_cells: bool = False) -> Table2 | None:
    """whole_cells: the document keeps cell boundaries (its table 3 had no digits run together), so a
    row with fewer numbers than columns lost empty cells: its numbers are placed, never split."""
    start = _start(text, before)
    if start is None:
        return None
    region = text[start:before]
    fmt, mixed = table2_format(region)
    fmt = fmt or fallback_format
    spec = FORMAT_2021 if fmt == "2021" else FORMAT_2019
    findings: list[Finding] = []
    choices: dict[str, tuple[Table2Block, list[list[Piece]], Finding]] = {}
    anchors = _anchor_rows(text, spec, start, before, findings)
    money_unit = "元" if _UNIT_YUAN.search(region) else "万元"
    values: dict[str, list[int | float]] = {}
    blanks: set[tuple[str, int]] = set()
    end = start
    for i, (block, row, a) in enumerate(anchors):
        seg_end = anchors[i + 1][2].start if i + 1 < len(anchors) else table_end(text, a.end, before)
        end = seg_end
        segment = text[a.end : seg_end]
        placed = _placed(segment, block, row) if whole_cells else None
        if placed is not None:
            pieces, finding = placed
            findings.append(finding)
            values[row.label] = [_number(p, c, money_unit) for c, p in zip(block.columns, pieces, strict=True)]
            blanks.update((row.label, ci) for ci, p in enumerate(pieces) if p.blank)
        else:
            values[row.label] = _read_values(segment, spec, block, row, money_unit, blanks, findings, choices)
        if a.matched != row.label:
            findings.append(_label_finding(spec, block, row, a.matched))
    for block, row in spec.table2_rows:
        values.setdefault(row.label, [0] * len(block.columns))
    findings += _cut_headers(spec, region)
    return Table2(fmt, values, blanks, start, end, findings, mixed, money_unit, choices)


def _anchor_rows(
    text: str, spec: ReportFormat, start: int, before: int, findings: list[Finding]
) -> list[tuple[Table2Block, Row, Anchor]]:
    anchors: list[tuple[Table2Block, Row, Anchor]] = []
    cursor = start
    for block, row in spec.table2_rows:
        a = find_first(text, t2_keys(row), cursor, before)
        if a is None:  # printed out of order (OCR, layout): anywhere in table 2 not yet taken
            a = find_unused(text, t2_keys(row), start, before, [x[2] for x in anchors])
            if a is not None:
                a.key = row.label
                anchors.append((block, row, a))
                continue
        if a is None:
            findings.append(
                Finding(
                    "ROW_MISSING",
                    "error",
                    f"表二 {block.label} {row.label}",
                    f"表二缺少“{row.label}”一行（{spec.code}年格式应有此行），已按 0 读取。请按标准格式补全该行。",
                )
            )
            continue
        a.key = row.label
        anchors.append((block, row, a))
        cursor = a.end
    anchors.sort(key=lambda x: x[2].start)
    return anchors


def _read_values(
    segment: str,
    spec: ReportFormat,
    block: Table2Block,
    row: Row,
    money_unit: str,
    blanks: set[tuple[str, int]],
    findings: list[Finding],
    choices: dict[str, tuple[Table2Block, list[list[Piece]], Finding]],
) -> list[int | float]:
    cols = block.columns
    read = read_row(chunks_of(segment), len(cols), None, [c.kind == "money" for c in cols])
    pieces = read.pieces
    if read.candidates and len(read.candidates) > 1:
        ranked = sorted(read.candidates, key=lambda p: _t2_penalty(block, p))
        pieces = ranked[0]
        findings.append(_ambiguous(block, row, ranked))
        choices[row.label] = (block, ranked, findings[-1])
    row_values: list[int | float] = []
    for ci, (col, p) in enumerate(zip(cols, pieces, strict=False)):
        if p.blank:
            blanks.add((row.label, ci))
        if col.kind == "money":
            if not p.blank and not p.unit and spec.code == "2019":
                findings.append(_money_unit(block, row, col, p))
        row_values.append(_number(p, col, money_unit))
    return row_values + [0] * (len(cols) - len(row_values))


def _placed(segment: str, block: Table2Block, row: Row) -> tuple[list[Piece], Finding] | None:
    """A row of whole cells with fewer numbers than columns: its numbers in their printed order, in the
    columns where they are most plausible (现行有效件数 ≥ 本年制发件数, a decimal only in a money
    column, no change of 0 printed), column order breaking ties."""
    chunks = chunks_of(segment)
    present = [c for c in chunks if not c.blank]
    n = len(block.columns)
    if not present or len(present) >= n or len(chunks) >= n:
        return None
    ranked: list[tuple[float, list[Piece]]] = []
    for cols in itertools.combinations(range(n), len(present)):
        pieces = [Piece("")] * n
        for ci, c in zip(cols, present, strict=True):
            if "." in c.digits and block.columns[ci].kind != "money":
                break
            pieces[ci] = Piece(c.digits, c.unit)
        else:
            ranked.append((_t2_penalty(block, pieces)[0], pieces))
    if not ranked:
        return None
    pieces = min(ranked, key=lambda x: x[0])[1]
    where = f"表二 {block.label} {row.label}"
    return pieces, Finding(
        "CELLS_PLACED",
        "warning",
        where,
        f"{where}：数值个数少于标准格式的列数（空白单元格在转换中丢失），已按列序和合理性（如现行有效件数不少于"
        "本年制发件数）放置各数值，其余单元格按空白（0）读取。请对照原件核实该行。",
    )


def _number(p: Piece, col: Column, money_unit: str) -> int | float:
    return to_number(p, money=True, default_unit=money_unit) if col.kind == "money" else to_number(p)


# The figures a sentence quotes for a row stand within this many characters after its label.
QUOTE_REACH = 80
_QUOTED = re.compile(r"-?\d+(?:\.\d+)?")


def _quoted_numbers(prose: str, label: str) -> set[str]:
    out: set[str] = set()
    pos = prose.find(label)
    while pos >= 0:
        window = prose[pos + len(label) : pos + len(label) + QUOTE_REACH]
        window = re.split(r"[。;]", window, maxsplit=1)[0]
        out.update(_QUOTED.findall(window))
        pos = prose.find(label, pos + 1)
    return out


def _ambiguous(block: Table2Block, row: Row, ranked: list[list[Piece]]) -> Finding:
    alts: list[str] = []
    for cand in ranked:
        t = "、".join(p.text + p.unit for p in cand)
        if t not in alts:
            alts.append(t)
    return Finding(
        "SPLIT_AMBIGUOUS",
        "warning",
        f"表二 {block.label} {row.label}",
        f"表二“{row.label}”的数字连在一起（单元格分隔丢失），可读作 "
        + " 或 ".join(f"[{t}]" for t in alts[:ALTERNATIVES_SHOWN])
        + (f" 等 {len(alts)} 种" if len(alts) > ALTERNATIVES_SHOWN else "")
        + f"，表二没有勾稽关系可据以判断。已取 [{alts[0]}]，请对照原件核实。",
    )


def _money_unit(block: Table2Block, row: Row, col: Column, p: Piece) -> Finding:
    return Finding(
        "MONEY_UNIT",
        "warning",
        f"表二 {block.label} {row.label} / {col.label}",
        f"“{col.label}”印为“{p.text}”，没有写单位，已按万元读取。请在金额后注明单位（元或万元）。",
    )


def _label_finding(spec: ReportFormat, block: Table2Block, row: Row, matched: str) -> Finding:
    # the other format's label for this row (规范性文件 / 行政规范性文件) is a format error
    code = "FORMAT_LABEL" if matched in row.aliases else "LABEL_NONSTANDARD"
    return Finding(
        code,
        "warning",
        f"表二 {block.label} {row.label}",
        f"表二行名印为“{matched}”，{spec.code}年格式的标准行名是“{row.label}”。请按标准格式更正行名。",
    )


def _cut_headers(spec: ReportFormat, region: str) -> list[Finding]:
    """Column headers cut off by scraping ("本年增/" for "本年增/减")."""
    out: list[Finding] = []
    seen_cols: set[str] = set()
    for block in spec.table2:
        for col in block.columns:
            label = core(col.label) if "单位" in col.label else col.label
            if label in seen_cols or label in region or set(label) <= set(region):
                continue
            seen_cols.add(label)
            cut = next((label[:k] for k in range(len(label) - 1, MIN_CUT_HEADER - 1, -1) if label[:k] in region), None)
            if cut:
                out.append(
                    Finding(
                        "LABEL_TRUNCATED",
                        "warning",
                        f"表二 {block.label} 表头",
                        f"表二列名“{cut}”不完整，标准列名为“{col.label}”（已按标准格式读取）。请补全列名。",
                    )
                )
    return out


def _t2_penalty(block: Table2Block, pieces: list[Piece]) -> tuple[float, ...]:
    """How implausible a reading of a flattened table-2 row is (lower is better)."""
    keys = [c.key for c in block.columns]
    vals = [p.value for p in pieces]
    pen = 0.0
    if "delta" in keys and pieces[keys.index("delta")].text != "0":
        pen += 1
    if keys[:3] == ["made", "published", "in_force"]:
        pen += (vals[1] > vals[2]) + (vals[0] > vals[2]) + 0.5 * (vals[0] != vals[1])
    if keys[:3] == ["made", "repealed", "in_force"]:
        pen += vals[0] > vals[2]
    if keys == ["count", "amount"] and vals[0]:
        amount = float(vals[1]) * (1 if pieces[1].unit == "元" else 10000)
        per_item = amount / float(vals[0])
        low, high = PROCUREMENT_PER_ITEM_YUAN
        pen += not (low <= per_item <= high)
    lengths = [len(p.text.lstrip("-").split(".")[0]) for p in pieces]
    mean = sum(lengths) / len(lengths)
    spread = sum((x - mean) ** 2 for x in lengths) / len(lengths)
    return (pen, spread)
