"""Table 3 (收到和处理政府信息公开申请情况): finding its rows, reading their values, and choosing among
the readings of flattened rows with the format's arithmetic (L1, L4, L3).

The table is anchored on its structure: of every place where "一、本年新收…" is followed by "二、上年
结转…", the one from which the most of the table's rows are found in order, packed closest together,
is the table (a sentence of section 一 that quotes these figures gives a few rows at best).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from gongkai.rules.formats import FORMAT_2019, FORMAT_2021, ReportFormat
from gongkai.rules.parse.anchors import (
    Anchor,
    find_first,
    label_begin,
    label_matches,
    printed_label,
    segment_values,
    table_end,
)
from gongkai.rules.parse.digits import Piece, chunks_of
from gongkai.rules.parse.labels import TABLE4_START, core, item_number, t3_full_keys, t3_keys
from gongkai.rules.parse.normalize import BLANK
from gongkai.rules.parse.placement import place_rows
from gongkai.rules.parse.rows import L3_TOTALS, T3_WIDTH, RowRead, read_row
from gongkai.rules.report_data import Finding

# "二、上年结转…" follows "一、本年新收…" within this many characters: one row's values (seven
# numbers, possibly with annotations) and the next label.
CARRIED_IN_REACH = 300
# Looking back from the first row's label for where its printed label began.
LABEL_LOOKBACK = 40
# Combinations of ambiguous row readings tried against L1/L4 at most (beyond it: a warning).
MAX_COMBINATIONS = 20000

_KEYS_2019 = {r.key for r in FORMAT_2019.table3_rows} - {r.key for r in FORMAT_2021.table3_rows}
_SUB_ROWS_2021 = [r.key for r in FORMAT_2021.table3_rows if r.key not in {x.key for x in FORMAT_2019.table3_rows}]
_HEAD_KEYS = [
    r.key for r in FORMAT_2021.table3_rows if r.key not in _SUB_ROWS_2021 and r.key not in ("total", "carried_out")
]


@dataclass
class Table3:
    layout: str  # "2019" (single （六）其他处理) or "2021" (three sub-rows)
    rows: dict[str, RowRead]
    anchors: dict[str, Anchor]
    start: int
    end: int  # end of the last row's values
    findings: list[Finding]


def read_table3(text: str) -> Table3 | None:
    found = _best_anchors(text)
    if found is None:
        return None
    layout, anchors, region_end = found
    spec = FORMAT_2021 if layout == "2021" else FORMAT_2019
    table = _read_rows(text, spec, anchors, region_end)
    placed = place_rows(spec, table.rows)
    if placed is not None:
        table.findings.append(placed)
    for row in table.rows.values():
        if row.status == "blanks":
            row.candidates = []  # placed in column order (or by the column sums above)
    _solve_table3(table)
    return table


# --- finding the rows ------------------------------------------------------------------------------
def _starts(text: str) -> list[Anchor]:
    """Every place where the first row's label is followed by the second row's."""
    keys = t3_keys(FORMAT_2021, "new")
    carried = t3_keys(FORMAT_2021, "carried_in")
    out: list[Anchor] = []
    pos = 0
    while True:
        a = find_first(text, keys, pos, len(text))
        if a is None:
            return out
        if find_first(text, carried, a.end, a.end + CARRIED_IN_REACH) is not None:
            a.key = "new"
            out.append(a)
        pos = a.end


def _best_anchors(text: str) -> tuple[str, dict[str, Anchor], int] | None:
    best: tuple[tuple[int, int], tuple[str, dict[str, Anchor], int]] | None = None
    for start in _starts(text):
        layout, anchors, region_end = _anchor_rows(text, start)
        last = max(a.end for a in anchors.values())
        score = (len(anchors), -(last - start.start))  # most rows, then the tightest
        if best is None or score > best[0]:
            best = (score, (layout, anchors, region_end))
    return best[1] if best else None


def _region_end(text: str, start: int) -> int:
    ends = [i for i in (text.find(k, start) for k in TABLE4_START) if i >= 0]
    return min(ends, default=len(text))


def _anchor_rows(text: str, start: Anchor) -> tuple[str, dict[str, Anchor], int]:
    """The rows found in order from `start`, and the layout of （六）其他处理 they show."""
    region_end = _region_end(text, start.end)
    spec19, spec21 = FORMAT_2019, FORMAT_2021
    anchors: dict[str, Anchor] = {"new": start}
    cursor = start.end

    def take(key: str, a: Anchor | None) -> Anchor | None:
        if a is not None:
            a.key = key
            anchors[key] = a
        return a

    for key in _HEAD_KEYS[1:]:
        a = take(key, find_first(text, t3_keys(spec21, key), cursor, region_end))
        if a is not None:
            cursor = a.end
    total = find_first(text, t3_full_keys(spec21, "total"), cursor, region_end) or find_first(
        text, t3_keys(spec21, "total"), cursor, region_end
    )
    other_end = total.start if total else region_end
    sub = {k: find_first(text, t3_keys(spec21, k), cursor, other_end) for k in _SUB_ROWS_2021[:2]}
    layout = "2019"
    if any(sub.values()):
        layout = "2021"
        for key, a in sub.items():
            if take(key, a) is not None:
                cursor = a.end  # type: ignore[union-attr]
        take(_SUB_ROWS_2021[2], find_first(text, t3_keys(spec21, _SUB_ROWS_2021[2]), cursor, other_end))
    else:
        (single,) = _KEYS_2019
        take(single, find_first(text, t3_keys(spec19, single), cursor, other_end))
    if take("total", total) is not None:
        take("carried_out", find_first(text, t3_keys(spec21, "carried_out"), total.end, region_end))  # type: ignore[union-attr]
    return layout, anchors, region_end


# --- reading the rows ------------------------------------------------------------------------------
def _read_rows(text: str, spec: ReportFormat, anchors: dict[str, Anchor], region_end: int) -> Table3:
    ordered = sorted(anchors.values(), key=lambda a: a.start)
    findings: list[Finding] = []
    rows: dict[str, RowRead] = {}
    start = anchors["new"]
    last_end = start.end
    # where each printed label begins: at its item number ("5.要求…") when that stands apart from the
    # numbers before it — pdftotext may print a row's numbers between the two lines of its label
    begins: dict[str, int] = {}
    for i, a in enumerate(ordered):
        lower = ordered[i - 1].end if i else a.start
        begins[a.key] = label_begin(text, a, lower, item_number(spec.table3_row(a.key).label))
    for i, a in enumerate(ordered):
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        seg_end = begins[nxt.key] if nxt else table_end(text, a.end, region_end)
        next_item = item_number(spec.table3_row(nxt.key).label) if nxt else None
        seg = text[begins[a.key] : a.start] + " " + segment_values(text, a.end, seg_end, next_item)
        chunks = chunks_of(seg)
        last_end = seg_end
        missing = _missing_after(spec, anchors, a.key, nxt.key if nxt else None)
        if missing and len(chunks) == T3_WIDTH * (1 + len(missing)):
            # labels lost or moved by the layout, values still in row order: one row of 7 each
            for j, key in enumerate([a.key, *missing]):
                rows[key] = read_row(chunks[T3_WIDTH * j : T3_WIDTH * (j + 1)], T3_WIDTH, L3_TOTALS)
            findings += [_label_missing(spec.table3_row(key).label) for key in missing]
        else:
            rows[a.key] = read_row(chunks, T3_WIDTH, L3_TOTALS)
        label_finding = _label_check(text, spec, a, ordered[i - 1].end if i else max(0, a.start - LABEL_LOOKBACK),
                                     begins[a.key], seg_end)
        if label_finding is not None:
            findings.append(label_finding)
    return Table3(spec.code, rows, anchors, start.start, last_end, findings)


def _label_check(text: str, spec: ReportFormat, a: Anchor, prev_end: int, begin: int, seg_end: int) -> Finding | None:
    row = spec.table3_row(a.key)
    std = core(row.item) if row.item else core(row.label)
    if begin < a.start:  # label printed around the row's numbers
        printed = re.sub(r"[\d\s" + BLANK + r".]+", "", text[begin:seg_end]).lstrip("、")
    else:
        printed = printed_label(text, prev_end, a, seg_end)
    if a.matched == std or label_matches(printed, std):
        return None
    return Finding(
        "LABEL_NONSTANDARD",
        "warning",
        f"表三 {row.label}",
        f"表三行名印为“{printed[:40]}”，与标准格式“{row.label}”不一致（错字或缺字）。"
        "已按标准行名读取该行，请在报告中更正行名。",
    )


def _label_missing(label: str) -> Finding:
    return Finding(
        "LABEL_MISSING",
        "warning",
        f"表三 {label}",
        f"表三在应有“{label}”的位置找不到该行名（排版或转换时丢失、错位），"
        "已按行序把该处的一行数值读作此行。请对照原件核实。",
    )


def _missing_after(spec: ReportFormat, anchors: dict[str, Anchor], key: str, next_key: str | None) -> list[str]:
    order = [r.key for r in spec.table3_rows]
    if key not in order:
        return []
    i = order.index(key)
    j = order.index(next_key) if next_key in order else len(order)
    return [k for k in order[i + 1 : j] if k not in anchors]


# --- flattened rows: L1 and L4 across the table ----------------------------------------------------
def _score(choice: dict[str, list[Piece]], outcome_keys: list[str]) -> int:
    vals = {k: [p.value for p in v] for k, v in choice.items()}
    s = 0
    for c in range(T3_WIDTH):
        if all(k in vals for k in ("new", "carried_in", "total", "carried_out")):
            s += vals["new"][c] + vals["carried_in"][c] == vals["total"][c] + vals["carried_out"][c]
        if "total" in vals:
            s += sum(vals[k][c] for k in outcome_keys) == vals["total"][c]
    s += sum(v[-1] == sum(v[:-1]) for v in vals.values())
    return s


def _solve_table3(table: Table3) -> None:
    """Choose among the readings of flattened rows with L1 and L4; flag what stays ambiguous."""
    spec = FORMAT_2021 if table.layout == "2021" else FORMAT_2019
    rows = table.rows
    options: dict[str, list[list[Piece]]] = {k: (r.candidates or [r.pieces]) for k, r in rows.items()}
    free = [k for k, v in options.items() if len(v) > 1]
    outcome_keys = [k for k in spec.outcome_keys if k in rows]
    if not free:
        return
    combos = 1
    for k in free:
        combos *= len(options[k])
    base = {k: v[0] for k, v in options.items()}
    if combos > MAX_COMBINATIONS:
        table.findings.append(_ambiguous_finding(spec, free, options))
        return
    best: list[dict[str, list[Piece]]] = []
    best_score = -1
    for combo in itertools.product(*(options[k] for k in free)):
        choice = dict(base)
        choice.update(zip(free, combo, strict=True))
        sc = _score(choice, outcome_keys)
        if sc > best_score:
            best, best_score = [choice], sc
        elif sc == best_score:
            best.append(choice)
    chosen = best[0]
    still = [k for k in free if len({tuple(p.text for p in b[k]) for b in best}) > 1]
    for k in free:
        rows[k].pieces = chosen[k]
        if k not in still and rows[k].status == "ambiguous":
            rows[k].status = "split"
    if still:
        alts = {k: [b[k] for b in best] for k in still}
        table.findings.append(_ambiguous_finding(spec, still, alts))


def _ambiguous_finding(spec: ReportFormat, keys: list[str], options: dict[str, list[list[Piece]]]) -> Finding:
    parts = []
    for k in keys:
        seen: list[str] = []
        for cand in options[k]:
            t = "、".join(p.text or "空" for p in cand)
            if t not in seen:
                seen.append(t)
        parts.append(f"“{spec.table3_row(k).label}”可读作 " + " 或 ".join(f"[{s}]" for s in seen[:4]))
    return Finding(
        "SPLIT_AMBIGUOUS",
        "warning",
        "表三 " + "、".join(spec.table3_row(k).label for k in keys),
        "表格数字连在一起（单元格分隔丢失），按勾稽关系仍有多种拆分："
        + "；".join(parts)
        + "。已取第一种，请对照原件核实。",
    )
