"""Finding and reading tables 2, 3 and 4 in compacted report text, by their labels.

Each table row is anchored by its label (searched in format order, never by position); the values
of a row are the numbers between its label and the next row's label. Rows that reach us flattened
into digit runs are split with the format's arithmetic: L3 inside a row, then L1 and L4 across the
whole of table 3 (L5 for table 4). Everything unusual becomes a Finding.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from gongkai.rules.formats import FORMAT_2019, FORMAT_2021, TABLE3_COLUMNS, ReportFormat
from gongkai.rules.parse.digits import Chunk, Piece, chunks_of, row_sum_splits, splits, to_number
from gongkai.rules.parse.labels import (
    TABLE2_START,
    TABLE4_START,
    core,
    item_number,
    t2_keys,
    t3_keys,
)
from gongkai.rules.parse.normalize import BLANK
from gongkai.rules.report_data import Finding

T3_COLS = tuple(c.label for c in TABLE3_COLUMNS)
L3_TOTALS = {6: (0, 1, 2, 3, 4, 5)}
L5_TOTALS = {4: (0, 1, 2, 3), 9: (5, 6, 7, 8), 14: (10, 11, 12, 13)}
_DIGIT_OR_BLANK = re.compile(r"[\d" + BLANK + "]")
_NOT_LABEL = re.compile(r"[\d\s" + BLANK + r".,:;、()\-/%]+")


@dataclass
class Anchor:
    key: str
    start: int
    end: int
    matched: str  # the key that matched


@dataclass
class RowRead:
    pieces: list[Piece]
    candidates: list[list[Piece]] = field(default_factory=list)  # when flattened and ambiguous
    status: str = "ok"  # ok | blanks | split | ambiguous | inconsistent | extra | short | empty


def find_first(text: str, keys: tuple[str, ...], start: int, end: int) -> Anchor | None:
    best: Anchor | None = None
    for k in keys:
        i = text.find(k, start, end)
        if i >= 0 and (best is None or i < best.start or (i == best.start and len(k) > len(best.matched))):
            best = Anchor("", i, i + len(k), k)
    return best


def segment_values(text: str, start: int, end: int, next_item: int | None) -> str:
    seg = text[start:end]
    if next_item is not None:
        seg = re.sub(rf"{next_item}\s*[.、]\D{{0,8}}$", "", seg)
    return seg


def printed_label(text: str, prev_end: int, anchor: Anchor, seg_end: int) -> str:
    """The label text as printed: from the last number before the anchor to the first number after."""
    head = text[prev_end : anchor.start]
    last = max((m.end() for m in _DIGIT_OR_BLANK.finditer(head)), default=0)
    head = head[last:]
    # a wrapped label may continue after the row's numbers (pdftotext prints them on its first line)
    tail = re.sub(r"[\d\s" + BLANK + r".]+", "", text[anchor.start : seg_end])
    return (head + tail).strip().lstrip(".、")


def label_matches(printed: str, standard_core: str) -> bool:
    """Whether the printed label holds every character of the standard one, in order: layout may
    insert text (a merged group cell printed across the item's lines), a typo drops or changes some."""
    want = _NOT_LABEL.sub("", standard_core)
    have = iter(_NOT_LABEL.sub("", printed))
    return all(ch in have for ch in want)


# --- reading one row's values ----------------------------------------------------------------------
def read_row(
    chunks: list[Chunk],
    n: int,
    totals: dict[int, tuple[int, ...]] | None = None,
    decimal_ok: list[bool] | None = None,
) -> RowRead:
    nonblank = [c for c in chunks if not c.blank]
    if not chunks:
        return RowRead([Piece("")] * n, status="empty")
    if len(chunks) == n:
        return RowRead([_piece(c) for c in chunks])
    if len(nonblank) == n:
        return RowRead([_piece(c) for c in nonblank])
    if len(chunks) > n and len(nonblank) < n:
        trimmed = list(chunks)
        while len(trimmed) > n and trimmed[-1].blank:
            trimmed.pop()
        while len(trimmed) > n and trimmed[0].blank:
            trimmed.pop(0)
        if len(trimmed) == n:
            return RowRead([_piece(c) for c in trimmed])
        chunks = nonblank
    if len(nonblank) > n:
        # extra numbers (a page number, a header with digits): a run of n consecutive numbers that
        # satisfies the row's sums is the row
        if totals:
            windows = [nonblank[i : i + n] for i in range(len(nonblank) - n + 1)]
            fitting = [w for w in windows if _sums_ok([_piece(c) for c in w], totals)]
            if len({tuple(c.digits for c in w) for w in fitting}) == 1:
                return RowRead([_piece(c) for c in fitting[-1]], status="extra")
        fits = []
        drops = itertools.combinations(range(len(nonblank)), len(nonblank) - n)
        for drop in itertools.islice(drops, 300):
            kept = [c for i, c in enumerate(nonblank) if i not in drop]
            pieces = [_piece(c) for c in kept]
            if totals and _sums_ok(pieces, totals):
                fits.append(pieces)
            if len(fits) > 1:
                break
        if len(fits) == 1:
            return RowRead(fits[0], status="extra")
        return RowRead([_piece(c) for c in nonblank[:n]], status="extra")
    if totals == L3_TOTALS and len(nonblank) == 2 and nonblank[0].digits == nonblank[1].digits:
        # "26 … 26": the empty 法人 cells were dropped (scraped text without blank lines)
        if len(nonblank[0].digits) * 2 < n or not nonblank[0].digits.startswith("0"):
            return RowRead([_piece(nonblank[0]), *[Piece("")] * (n - 2), _piece(nonblank[1])], status="blanks")
    if totals == L3_TOTALS and n == 7:
        cands = row_sum_splits(chunks, n)
    else:
        cands = list(splits(chunks, n, totals, decimal_ok, limit=500))
    if len(cands) == 1:
        return RowRead(cands[0], status="split" if any(c.flat for c in chunks) else "ok")
    if cands:
        return RowRead(cands[0], candidates=cands, status="ambiguous")
    loose = list(splits(chunks, n, None, decimal_ok, limit=500)) if totals else []
    if loose:
        return RowRead(loose[0], candidates=loose, status="inconsistent")
    # too few digits for n cells: the missing cells were printed empty
    pieces = [_piece(c) for c in chunks]
    padded = pieces[:-1] + [Piece("")] * (n - len(pieces)) + pieces[-1:] if len(pieces) > 1 else pieces + [Piece("")] * (n - 1)
    return RowRead(padded[:n], status="short")


def _piece(c: Chunk) -> Piece:
    return Piece(c.digits, c.unit)


def _sums_ok(pieces: list[Piece], totals: dict[int, tuple[int, ...]]) -> bool:
    return all(pieces[t].value == sum(pieces[i].value for i in parts) for t, parts in totals.items())


# --- table 3 ---------------------------------------------------------------------------------------
@dataclass
class Table3:
    layout: str  # "2019" (single （六）其他处理) or "2021" (three sub-rows)
    rows: dict[str, RowRead]
    anchors: dict[str, Anchor]
    start: int
    end: int  # end of the last row's values
    findings: list[Finding]


def _table3_start(text: str) -> Anchor | None:
    spec = FORMAT_2021
    keys = t3_keys(spec, "new")
    carried = t3_keys(spec, "carried_in")
    pos = 0
    fallback: Anchor | None = None
    while True:
        a = find_first(text, keys, pos, len(text))
        if a is None:
            return fallback
        if find_first(text, carried, a.end, a.end + 300) is not None:
            a.key = "new"
            return a
        fallback = fallback or None
        pos = a.end


def read_table3(text: str) -> Table3 | None:
    start = _table3_start(text)
    if start is None:
        return None
    region_end = len(text)
    for k in TABLE4_START:
        i = text.find(k, start.end)
        if i >= 0:
            region_end = min(region_end, i)
    spec19, spec21 = FORMAT_2019, FORMAT_2021
    anchors: dict[str, Anchor] = {"new": start}
    cursor = start.end
    head_keys = [r.key for r in spec21.table3_rows if not r.key.startswith("r6") and r.key not in ("total", "carried_out")]
    for key in head_keys[1:]:
        a = find_first(text, t3_keys(spec21, key), cursor, region_end)
        if a is not None:
            a.key = key
            anchors[key] = a
            cursor = a.end
    total = find_first(text, ("(七)总计", "七、总计", "(七)合计"), cursor, region_end) or find_first(
        text, t3_keys(spec21, "total"), cursor, region_end
    )
    other_end = total.start if total else region_end
    layout = "2019"
    r61 = find_first(text, t3_keys(spec21, "r6_1"), cursor, other_end)
    r62 = find_first(text, t3_keys(spec21, "r6_2"), cursor, other_end)
    if r61 or r62:
        layout = "2021"
        if r61:
            r61.key = "r6_1"
            anchors["r6_1"] = r61
            cursor = r61.end
        if r62:
            r62.key = "r6_2"
            anchors["r6_2"] = r62
            cursor = r62.end
        r63 = find_first(text, t3_keys(spec21, "r6_3"), cursor, other_end)
        if r63:
            r63.key = "r6_3"
            anchors["r6_3"] = r63
    else:
        r6 = find_first(text, t3_keys(spec19, "r6"), cursor, other_end)
        if r6:
            r6.key = "r6"
            anchors["r6"] = r6
    if total:
        total.key = "total"
        anchors["total"] = total
        out = find_first(text, t3_keys(spec21, "carried_out"), total.end, region_end)
        if out:
            out.key = "carried_out"
            anchors["carried_out"] = out
    spec = spec21 if layout == "2021" else spec19
    ordered = sorted(anchors.values(), key=lambda a: a.start)
    findings: list[Finding] = []
    rows: dict[str, RowRead] = {}
    last_end = start.end
    # where each printed label begins: at its item number ("5.要求…") when that stands apart from the
    # numbers before it — pdftotext may print a row's numbers between the two lines of its label
    begins: dict[str, int] = {}
    for i, a in enumerate(ordered):
        lower = ordered[i - 1].end if i else a.start
        begins[a.key] = _label_begin(text, a, lower, item_number(spec.table3_row(a.key).label))
    for i, a in enumerate(ordered):
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        seg_end = begins[nxt.key] if nxt else _table_end(text, a.end, region_end)
        next_item = item_number(spec.table3_row(nxt.key).label) if nxt else None
        seg = text[begins[a.key] : a.start] + " " + segment_values(text, a.end, seg_end, next_item)
        chunks = chunks_of(seg)
        last_end = seg_end
        missing = _missing_after(spec, anchors, a.key, nxt.key if nxt else None)
        if missing and len(chunks) == 7 * (1 + len(missing)):
            # labels lost or moved by the layout, values still in row order: one row of 7 each
            for j, key in enumerate([a.key, *missing]):
                rows[key] = read_row(chunks[7 * j : 7 * j + 7], 7, L3_TOTALS)
            for key in missing:
                label = spec.table3_row(key).label
                findings.append(
                    Finding(
                        "LABEL_MISSING",
                        "warning",
                        f"表三 {label}",
                        f"表三在应有“{label}”的位置找不到该行名（排版或转换时丢失、错位），"
                        "已按行序把该处的一行数值读作此行。请对照原件核实。",
                    )
                )
        else:
            rows[a.key] = read_row(chunks, 7, L3_TOTALS)
        prev_end = ordered[i - 1].end if i else max(0, a.start - 40)
        row = spec.table3_row(a.key)
        std = core(row.item) if row.item else core(row.label)
        if begins[a.key] < a.start:  # label printed around the row's numbers
            printed = re.sub(r"[\d\s" + BLANK + r".]+", "", text[begins[a.key] : seg_end]).lstrip("、")
        else:
            printed = printed_label(text, prev_end, a, seg_end)
        if a.matched != std and not label_matches(printed, std):
            findings.append(
                Finding(
                    "LABEL_NONSTANDARD",
                    "warning",
                    f"表三 {row.label}",
                    f"表三行名印为“{printed[:40]}”，与标准格式“{row.label}”不一致（错字或缺字）。"
                    "已按标准行名读取该行，请在报告中更正行名。",
                )
            )
    table = Table3(layout, rows, anchors, start.start, last_end, findings)
    _solve_table3(table)
    return table


def _label_begin(text: str, a: Anchor, lower: int, item: int | None) -> int:
    if item is None:
        return a.start
    lo = max(lower, a.start - 30)
    found = None
    for m in re.finditer(rf"(?<![\d.]){item}\s*[.、](?=\D)", text[lo : a.start]):
        found = m
    return lo + found.start() if found else a.start


def _missing_after(spec: ReportFormat, anchors: dict[str, Anchor], key: str, next_key: str | None) -> list[str]:
    order = [r.key for r in spec.table3_rows]
    if key not in order:
        return []
    i = order.index(key)
    j = order.index(next_key) if next_key in order else len(order)
    return [k for k in order[i + 1 : j] if k not in anchors]


def _table_end(text: str, start: int, limit: int) -> int:
    """Where the values after the last row stop: at the first long run of non-numeric text."""
    m = re.compile(r"[^\d\s" + BLANK + r".\-元万%]{6,}").search(text, start, limit)
    return m.start() if m else limit


def _solve_table3(table: Table3) -> None:
    """Choose among the readings of flattened rows with L1 and L4; flag what stays ambiguous."""
    spec = FORMAT_2021 if table.layout == "2021" else FORMAT_2019
    rows = table.rows
    options: dict[str, list[list[Piece]]] = {k: (r.candidates or [r.pieces]) for k, r in rows.items()}
    free = [k for k, v in options.items() if len(v) > 1]
    outcome_keys = [k for k in spec.outcome_keys if k in rows]

    def score(choice: dict[str, list[Piece]]) -> int:
        vals = {k: [p.value for p in v] for k, v in choice.items()}
        s = 0
        for c in range(7):
            if all(k in vals for k in ("new", "carried_in", "total", "carried_out")):
                s += vals["new"][c] + vals["carried_in"][c] == vals["total"][c] + vals["carried_out"][c]
            if "total" in vals:
                s += sum(vals[k][c] for k in outcome_keys) == vals["total"][c]
        s += sum(v[6] == sum(v[:6]) for v in vals.values())
        return s

    if not free:
        return
    combos = 1
    for k in free:
        combos *= len(options[k])
    base = {k: v[0] for k, v in options.items()}
    if combos > 20000:
        table.findings.append(_ambiguous_finding(spec, free, options, base))
        return
    best: list[dict[str, list[Piece]]] = []
    best_score = -1
    for combo in itertools.product(*(options[k] for k in free)):
        choice = dict(base)
        choice.update(zip(free, combo, strict=True))
        sc = score(choice)
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
        table.findings.append(_ambiguous_finding(spec, still, alts, chosen))


def _ambiguous_finding(spec: ReportFormat, keys: list[str], options: dict, chosen: dict) -> Finding:
    parts = []
    for k in keys:
        seen = []
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


# --- table 2 ---------------------------------------------------------------------------------------
@dataclass
class Table2:
    fmt: str  # "2019" | "2021" (by the column headers printed)
    values: dict[str, list[int | float]]
    blanks: set[tuple[str, int]]
    start: int
    end: int
    findings: list[Finding]
    mixed: bool = False


def table2_format(region: str) -> tuple[str | None, bool]:
    hits19 = sum(region.count(m) > 0 for m in FORMAT_2019.markers)
    hits21 = sum(region.count(m) > 0 for m in FORMAT_2021.markers)
    if not hits19 and not hits21:
        rows19 = ("其他对外管理服务事项" in region) + ("政府集中采购" in region)
        return ("2019" if rows19 else None), False
    return ("2021" if hits21 >= hits19 else "2019"), bool(hits19 and hits21)


def read_table2(text: str, before: int, fallback_format: str) -> Table2 | None:
    m = None
    for m_ in TABLE2_START.finditer(text, 0, before):
        m = m_
        break
    if m is None:
        i = text.rfind("主动公开政府信息情况", 0, before)
        j = text.find("规章", i if i >= 0 else 0, before)
        if j < 0:
            return None
        start = j
    else:
        start = m.start()
    region = text[start:before]
    fmt, mixed = table2_format(region)
    fmt = fmt or fallback_format
    spec = FORMAT_2021 if fmt == "2021" else FORMAT_2019
    findings: list[Finding] = []
    money_unit = "元" if re.search(r"单位:元", region) else "万元"
    anchors: list[tuple[object, object, Anchor]] = []
    cursor = start
    for block, row in spec.table2_rows:
        a = find_first(text, t2_keys(row.label), cursor, before)
        if a is None:  # printed out of order (OCR, layout): anywhere in table 2 not yet taken
            a = _find_unused(text, t2_keys(row.label), start, before, [x[2] for x in anchors])
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
    values: dict[str, list[int | float]] = {}
    blanks: set[tuple[str, int]] = set()
    end = start
    anchors.sort(key=lambda x: x[2].start)
    for i, (block, row, a) in enumerate(anchors):
        seg_end = anchors[i + 1][2].start if i + 1 < len(anchors) else _table_end(text, a.end, before)
        end = seg_end
        cols = block.columns
        chunks = chunks_of(text[a.end : seg_end])
        decimal_ok = [c.kind == "money" for c in cols]
        read = read_row(chunks, len(cols), None, decimal_ok)
        pieces = read.pieces
        if read.candidates and len(read.candidates) > 1:
            ranked = sorted(read.candidates, key=lambda p: _t2_penalty(block, p))
            pieces = ranked[0]
            alts = []
            for cand in ranked:
                t = "、".join(p.text + p.unit for p in cand)
                if t not in alts:
                    alts.append(t)
            findings.append(
                Finding(
                    "SPLIT_AMBIGUOUS",
                    "warning",
                    f"表二 {block.label} {row.label}",
                    f"表二“{row.label}”的数字连在一起（单元格分隔丢失），可读作 "
                    + " 或 ".join(f"[{t}]" for t in alts[:4])
                    + (f" 等 {len(alts)} 种" if len(alts) > 4 else "")
                    + f"，表二没有勾稽关系可据以判断。已取 [{alts[0]}]，请对照原件核实。",
                )
            )
        row_values: list[int | float] = []
        for ci, (col, p) in enumerate(zip(cols, pieces, strict=False)):
            if p.blank:
                blanks.add((row.label, ci))
            if col.kind == "money":
                if not p.blank and not p.unit and spec.code == "2019":
                    findings.append(
                        Finding(
                            "MONEY_UNIT",
                            "warning",
                            f"表二 {block.label} {row.label} / {col.label}",
                            f"“{col.label}”印为“{p.text}”，没有写单位，已按万元读取。请在金额后注明单位（元或万元）。",
                        )
                    )
                row_values.append(to_number(p, money=True, default_unit=money_unit))
            else:
                row_values.append(to_number(p))
        values[row.label] = row_values + [0] * (len(cols) - len(row_values))
        std = row.label
        if a.matched != std:
            code = "FORMAT_LABEL" if a.matched in ("规范性文件", "行政规范性文件") else "LABEL_NONSTANDARD"
            findings.append(
                Finding(
                    code,
                    "warning",
                    f"表二 {block.label} {row.label}",
                    f"表二行名印为“{a.matched}”，{spec.code}年格式的标准行名是“{row.label}”。请按标准格式更正行名。",
                )
            )
    for block, row in spec.table2_rows:
        values.setdefault(row.label, [0] * len(block.columns))
    # column headers cut off by scraping ("本年增/" for "本年增/减")
    seen_cols: set[str] = set()
    for block in spec.table2:
        for col in block.columns:
            label = core(col.label) if "单位" in col.label else col.label
            if label in seen_cols or label in region or set(label) <= set(region):
                continue
            seen_cols.add(label)
            cut = next((label[:k] for k in range(len(label) - 1, 2, -1) if label[:k] in region), None)
            if cut:
                findings.append(
                    Finding(
                        "LABEL_TRUNCATED",
                        "warning",
                        f"表二 {block.label} 表头",
                        f"表二列名“{cut}”不完整，标准列名为“{col.label}”（已按标准格式读取）。请补全列名。",
                    )
                )
    return Table2(fmt, values, blanks, start, end, findings, mixed)


def _find_unused(text: str, keys: tuple[str, ...], start: int, end: int, used: list[Anchor]) -> Anchor | None:
    pos = start
    while pos < end:
        a = find_first(text, keys, pos, end)
        if a is None:
            return None
        if not any(u.start <= a.start < u.end or a.start <= u.start < a.end for u in used):
            return a
        pos = a.start + 1
    return None


def _t2_penalty(block, pieces: list[Piece]) -> tuple[float, ...]:  # type: ignore[no-untyped-def]
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
        pen += not (1e3 <= per_item <= 1e7)
    lengths = [len(p.text.lstrip("-").split(".")[0]) for p in pieces]
    mean = sum(lengths) / len(lengths)
    spread = sum((x - mean) ** 2 for x in lengths) / len(lengths)
    return (pen, spread)


# --- table 4 ---------------------------------------------------------------------------------------
@dataclass
class Table4:
    values: list[int]
    blanks: set[int]
    start: int
    end: int
    findings: list[Finding]


def read_table4(text: str, after: int) -> Table4 | None:
    starts = [i for i in (text.find(k, after) for k in TABLE4_START) if i >= 0]
    if not starts:
        return None
    start = min(starts)
    m = re.compile(r"五[、.,]\s*(?:存在|政府信息公开工作存在|主要问题|工作中存在)").search(text, start)
    limit = m.start() if m else len(text)
    end = _values_end(text, start, limit, 15)  # a note under the table is not a value
    findings: list[Finding] = []
    chunks = chunks_of(text[start:end])
    if not chunks:
        return None
    read = read_row(chunks, 15, L5_TOTALS)
    if read.status == "ambiguous":
        alts = []
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
                + " 或 ".join(f"[{t}]" for t in alts[:3])
                + "。已取第一种，请对照原件核实。",
            )
        )
    if read.status in ("inconsistent", "short", "extra"):
        findings.append(_unsure("表四", read.status))
    values = [int(to_number(p)) if not isinstance(to_number(p), float) else to_number(p) for p in read.pieces]
    blanks = {i for i, p in enumerate(read.pieces) if p.blank}
    return Table4(values, blanks, start, end, findings)  # type: ignore[arg-type]


def _values_end(text: str, start: int, limit: int, n: int) -> int:
    """The end of a table's values: the first long stretch of text after at least n numbers (a table
    printed in parts has headers between its parts)."""
    count = 0
    pos = start
    for m in re.compile(r"[^\d\s" + BLANK + r".\-元万%|]{3,}").finditer(text, start, limit):
        count += len(chunks_of(text[pos : m.start()]))
        pos = m.end()
        if count >= n:
            return m.start()
    return limit


def _first_number(text: str, start: int) -> int:
    m = re.compile(r"\d").search(text, start)
    return m.start() if m else start


def _unsure(where: str, status: str) -> Finding:
    why = {
        "inconsistent": "数字连在一起，且没有一种拆分能满足总计等于各项之和，已按最可能的方式拆分",
        "short": "数值个数少于标准格式的列数，缺少的单元格按空白（0）读取",
        "extra": "数值个数多于标准格式的列数（可能混入了页码等），已舍去多余的数字",
    }[status]
    return Finding("EXTRACTION", "warning", where, f"{where}：{why}。请对照原件核实该行。")
