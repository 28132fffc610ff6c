"""Table 3 rows whose empty cells vanished (PDF → Markdown, scraped text): choosing, for every such row,
which applicant columns its numbers stand in, with the table's column arithmetic.

Each row's own sum (L3) leaves a few placements (rows.placements, column order first). Across the
table, every applicant column must still add up: the result rows sum to （七）总计 (L4) and
本年新收 + 上年结转 = 总计 + 结转下年度 (L1). The first placement in column order that satisfies both is
taken; when another placement satisfies them too, the rows that differ are named in a warning.
"""

from __future__ import annotations

from gongkai.rules.formats import ReportFormat
from gongkai.rules.parse.digits import Piece
from gongkai.rules.parse.rows import T3_WIDTH, RowRead
from gongkai.rules.report_data import Finding

# Search steps at most (the column sums prune hard; beyond this the column-order placement stands).
MAX_STEPS = 200_000
HEAD_KEYS = ("new", "carried_in", "total", "carried_out")

Values = tuple[int, ...]


def _values(pieces: list[Piece]) -> Values:
    return tuple(int(p.value) for p in pieces)


def place_rows(spec: ReportFormat, rows: dict[str, RowRead]) -> Finding | None:
    """Fix the placement of every row read with several placements; a warning when it stays open."""
    free = [k for k, r in rows.items() if r.status == "blanks" and len(r.candidates) > 1]
    if not free:
        return None
    options = {k: [_values(c) for c in rows[k].candidates] if k in free else [_values(rows[k].pieces)] for k in rows}
    outcome = [k for k in spec.outcome_keys if k in rows]
    if not all(k in rows for k in HEAD_KEYS):
        return None
    steps = [0]
    solutions = _solve(options, outcome, 1, steps)
    if not solutions:
        return None  # the table does not add up whichever way: the checks say so; column order stands
    first = solutions[0]
    for k in free:
        rows[k].pieces = rows[k].candidates[options[k].index(first[k])]
        rows[k].candidates = []
    # a row is left open when another of its placements still lets every column add up
    open_rows = []
    for k in free:
        for alt in options[k]:
            if alt == first[k]:
                continue
            fits = steps[0] <= MAX_STEPS and _solve({**options, k: [alt]}, outcome, 1, steps)
            if fits or steps[0] > MAX_STEPS:  # out of steps: named, to be safe
                open_rows.append(k)
                break
    if not open_rows:
        return None
    labels = [spec.table3_row(k).label for k in open_rows]
    return Finding(
        "CELLS_PLACED",
        "warning",
        "表三 " + "、".join(labels[:3]) + ("等" if len(labels) > 3 else ""),
        f"表三有 {len(labels)} 行的空白单元格丢失后，数值放在哪些申请人列不止一种放法都满足勾稽关系："
        + "、".join(labels) + "。已按列序（自然人在前）放置，请对照原件核实。",
    )


def _solve(options: dict[str, list[Values]], outcome: list[str], want: int, steps: list[int]) -> list[dict[str, Values]]:
    """Up to `want` assignments (first in column order) satisfying L4 and L1 in every column."""
    found: list[dict[str, Values]] = []
    for total in options["total"]:
        for new in options["new"]:
            for carried_in in options["carried_in"]:
                for carried_out in options["carried_out"]:
                    if any(new[c] + carried_in[c] != total[c] + carried_out[c] for c in range(T3_WIDTH)):
                        continue
                    head = {"total": total, "new": new, "carried_in": carried_in, "carried_out": carried_out}
                    for rest in _outcomes(options, outcome, total, steps, want - len(found)):
                        found.append({**head, **rest})
                    if len(found) >= want or steps[0] > MAX_STEPS:
                        return found
    return found


def _outcomes(options: dict[str, list[Values]], outcome: list[str], total: Values, steps: list[int], want: int):
    """Placements of the result rows whose columns add up to `total` (depth first, column order)."""
    order = sorted(outcome, key=lambda k: len(options[k]))
    # what the rows from i on can still add in each column (all their placements' maxima)
    reach = [[0] * T3_WIDTH for _ in range(len(order) + 1)]
    for i in range(len(order) - 1, -1, -1):
        for c in range(T3_WIDTH):
            reach[i][c] = reach[i + 1][c] + max(v[c] for v in options[order[i]])
    chosen: dict[str, Values] = {}
    failed: set[tuple[int, Values]] = set()
    results: list[dict[str, Values]] = []

    def rec(i: int, acc: Values) -> bool:
        steps[0] += 1
        if steps[0] > MAX_STEPS or len(results) >= want:
            return True
        if i == len(order):
            if acc == total:
                results.append(dict(chosen))
                return True
            return False
        if (i, acc) in failed:
            return False
        ok = False
        for v in options[order[i]]:
            nxt = tuple(a + b for a, b in zip(acc, v, strict=True))
            if any(nxt[c] > total[c] or nxt[c] + reach[i + 1][c] < total[c] for c in range(T3_WIDTH)):
                continue
            chosen[order[i]] = v
            ok |= rec(i + 1, nxt)
            if len(results) >= want or steps[0] > MAX_STEPS:
                return True
        if not ok:
            failed.add((i, acc))
        return ok

    rec(0, (0,) * T3_WIDTH)
    return results
