"""The printed layout of tables 2, 3 and 4 as grids of (possibly merged) cells.

Built from the format specs in `rules.formats` (no label is typed here) and filled from a ReportData.
One grid feeds every renderer: HTML (rowspan/colspan, `<th scope>` and `headers`), DOCX and XLSX
(merged ranges). Pure Python; no Django.

Blank is not zero: a table-2 cell nobody has entered (listed in `ReportData.blanks`) is printed empty
in every file (its `value` is None, so the workbook cell is empty too) — never as 0; the staff page
marks it "未填写" (render_html's `blank_text`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.rules.formats import (
    RESULTS_GROUP,
    TABLE2_TITLE,
    TABLE3_COLUMN_GROUP,
    TABLE3_COLUMNS,
    TABLE3_CORNER,
    TABLE3_LEGAL_PERSON_GROUP,
    TABLE3_TITLE,
    TABLE4_GROUPS,
    TABLE4_RESULTS,
    TABLE4_SUPER_GROUP,
    TABLE4_TITLE,
    Column,
    ReportFormat,
)
from gongkai.rules.report_data import Number, ReportData

T2_INFO_HEADER = "信息内容"


@dataclass
class Cell:
    row: int
    col: int
    text: str
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    scope: str = ""  # th only: col, row, colgroup, rowgroup
    id: str = ""
    headers: tuple[str, ...] = ()  # td only: ids of the header cells that describe it
    value: Number | None = None  # td only; None for a blank cell
    ref: tuple[str, str, int] | None = None  # td only: (table, row key, column index) for drill-down
    blank: bool = False  # td only: a figure nobody has entered (printed empty, not as 0)


@dataclass
class Grid:
    key: str  # t2, t3, t4
    title: str
    n_rows: int
    n_cols: int
    cells: list[Cell] = field(default_factory=list)
    head_rows: int = 0  # leading rows that form <thead>
    groups: list[tuple[int, int]] = field(default_factory=list)  # body row ranges, one <tbody> each
    widths: tuple[int, ...] = ()  # column widths in percent

    def add(self, cell: Cell) -> Cell:
        self.cells.append(cell)
        return cell

    def rows(self) -> list[list[Cell]]:
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for c in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[c.row].append(c)
        return out

    @property
    def data_cells(self) -> list[Cell]:
        return [c for c in self.cells if not c.header]


def format_number(v: Number | None) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        d = Decimal(str(v)).normalize()
        return format(d, "f")
    return str(v)


def cell_text(col: Column, v: Number) -> str:
    """A table-2 value as printed: money carries its unit unless the column header states it."""
    text = format_number(v)
    if col.kind == "money" and col.unit not in col.label:
        text += col.unit
    return text


def table2_grid(spec: ReportFormat, data: ReportData) -> Grid:
    width = 1 + max(len(b.columns) for b in spec.table2)
    n_rows = sum(2 + len(b.rows) for b in spec.table2)
    g = Grid("t2", TABLE2_TITLE, n_rows, width, widths=(40, *([60 // (width - 1)] * (width - 1))))
    r = 0
    for bi, block in enumerate(spec.table2):
        start = r
        bid = f"t2-b{bi}"
        g.add(Cell(r, 0, block.label, header=True, colspan=width, scope="colgroup", id=bid))
        r += 1
        g.add(Cell(r, 0, T2_INFO_HEADER, header=True, scope="col", id=f"{bid}-info", headers=(bid,)))
        spans = _spans(len(block.columns), width - 1)
        col_ids = []
        c = 1
        for ci, (column, span) in enumerate(zip(block.columns, spans, strict=True)):
            cid = f"{bid}-c{ci}"
            col_ids.append(cid)
            g.add(Cell(r, c, column.label, header=True, colspan=span, scope="col", id=cid, headers=(bid,)))
            c += span
        r += 1
        for row in block.rows:
            rid = f"t2-r-{row.key}"
            g.add(Cell(r, 0, row.label, header=True, scope="row", id=rid, headers=(f"{bid}-info",)))
            values = data.table2.get(row.label, [0] * len(block.columns))
            c = 1
            for ci, (column, span) in enumerate(zip(block.columns, spans, strict=True)):
                blank = ("table2", row.label, ci) in data.blanks
                v = None if blank else (values[ci] if ci < len(values) else 0)
                g.add(
                    Cell(
                        r, c, "" if blank else cell_text(column, v), colspan=span, headers=(bid, col_ids[ci], rid),
                        value=v, ref=("t2", row.key, ci), blank=blank,
                    )
                )
                c += span
            r += 1
        g.groups.append((start, r))
    return g


def _spans(n: int, width: int) -> list[int]:
    """Spread `width` grid columns over `n` printed columns, the last one taking what is left."""
    return [1] * (n - 1) + [width - (n - 1)]


T3_LABEL_COLS = 3


def table3_grid(spec: ReportFormat, data: ReportData) -> Grid:
    rows = spec.table3_rows
    g = Grid("t3", TABLE3_TITLE, 3 + len(rows), T3_LABEL_COLS + len(TABLE3_COLUMNS), head_rows=3,
             widths=(7, 15, 29, *([7] * len(TABLE3_COLUMNS))))
    g.add(Cell(0, 0, TABLE3_CORNER, header=True, rowspan=3, colspan=T3_LABEL_COLS, id="t3-corner"))
    g.add(Cell(0, 3, TABLE3_COLUMN_GROUP, header=True, colspan=len(TABLE3_COLUMNS), scope="colgroup", id="t3-app"))
    first, *legal, total = TABLE3_COLUMNS
    g.add(Cell(1, 3, first.label, header=True, rowspan=2, scope="col", id="t3-c0", headers=("t3-app",)))
    g.add(
        Cell(1, 4, TABLE3_LEGAL_PERSON_GROUP, header=True, colspan=len(legal), scope="colgroup", id="t3-legal",
             headers=("t3-app",))
    )
    last = 3 + len(TABLE3_COLUMNS) - 1
    g.add(Cell(1, last, total.label, header=True, rowspan=2, scope="col", id=f"t3-c{len(legal) + 1}",
               headers=("t3-app",)))
    for i, col in enumerate(legal, start=1):
        g.add(Cell(2, 3 + i, col.label, header=True, scope="col", id=f"t3-c{i}", headers=("t3-app", "t3-legal")))
    col_headers = [
        ("t3-app", "t3-c0"),
        *[("t3-app", "t3-legal", f"t3-c{i}") for i in range(1, len(legal) + 1)],
        ("t3-app", f"t3-c{len(legal) + 1}"),
    ]

    results = [r for r in rows if r.key.startswith("r") or r.key == "total"]
    first_result = 3 + rows.index(results[0])
    g.add(Cell(first_result, 0, RESULTS_GROUP, header=True, rowspan=len(results), scope="rowgroup",
               id="t3-results"))
    r = 3
    seen_groups: set[str] = set()
    for i, row in enumerate(rows):
        rid = f"t3-r-{row.key}"
        row_headers: tuple[str, ...]
        if row in results and row.item:
            gid = f"t3-g-{row.key.split('_')[0]}"
            if row.group not in seen_groups:
                seen_groups.add(row.group)
                span = sum(1 for x in rows[i:] if x.group == row.group and x.item)
                g.add(Cell(r, 1, row.group, header=True, rowspan=span, scope="rowgroup", id=gid,
                           headers=("t3-results",)))
            g.add(Cell(r, 2, row.item, header=True, scope="row", id=rid, headers=("t3-results", gid)))
            row_headers = ("t3-results", gid, rid)
        elif row in results:
            g.add(Cell(r, 1, row.label, header=True, colspan=2, scope="row", id=rid, headers=("t3-results",)))
            row_headers = ("t3-results", rid)
        else:
            g.add(Cell(r, 0, row.label, header=True, colspan=T3_LABEL_COLS, scope="row", id=rid))
            row_headers = (rid,)
        values = data.table3.get(row.label, [0] * len(TABLE3_COLUMNS))
        for ci in range(len(TABLE3_COLUMNS)):
            v = values[ci] if ci < len(values) else 0
            g.add(Cell(r, 3 + ci, format_number(v), headers=(*row_headers, *col_headers[ci]), value=v,
                       ref=("t3", row.key, ci)))
        r += 1
    g.groups.append((3, r))
    return g


def table4_grid(data: ReportData) -> Grid:
    n_results = len(TABLE4_RESULTS)
    g = Grid("t4", TABLE4_TITLE, 4, n_results * len(TABLE4_GROUPS), head_rows=3)
    recon_label = TABLE4_GROUPS[0][1]
    g.add(Cell(0, 0, recon_label, header=True, colspan=n_results, scope="colgroup", id="t4-g0"))
    g.add(Cell(0, n_results, TABLE4_SUPER_GROUP, header=True, colspan=n_results * (len(TABLE4_GROUPS) - 1),
               scope="colgroup", id="t4-lit"))
    col_headers: list[tuple[str, ...]] = []
    for gi, (_key, label, _) in enumerate(TABLE4_GROUPS):
        base = gi * n_results
        if gi == 0:
            for ri, (_rk, rlabel) in enumerate(TABLE4_RESULTS):
                cid = f"t4-g0-r{ri}"
                g.add(Cell(1, base + ri, rlabel, header=True, rowspan=2, scope="col", id=cid, headers=("t4-g0",)))
                col_headers.append(("t4-g0", cid))
        else:
            gid = f"t4-g{gi}"
            g.add(Cell(1, base, label, header=True, colspan=n_results, scope="colgroup", id=gid,
                       headers=("t4-lit",)))
            for ri, (_rk, rlabel) in enumerate(TABLE4_RESULTS):
                cid = f"{gid}-r{ri}"
                g.add(Cell(2, base + ri, rlabel, header=True, scope="col", id=cid, headers=("t4-lit", gid)))
                col_headers.append(("t4-lit", gid, cid))
    for i, v in enumerate(data.table4):
        gkey = TABLE4_GROUPS[i // n_results][0]
        g.add(Cell(3, i, format_number(v), headers=col_headers[i], value=v, ref=("t4", gkey, i % n_results)))
    g.groups.append((3, 4))
    return g


def grids(data: ReportData) -> list[Grid]:
    spec = data.spec
    return [table2_grid(spec, data), table3_grid(spec, data), table4_grid(data)]


def row_label_texts(spec: ReportFormat) -> list[str]:
    """Every row label as printed in the grids (table 3 prints group and item in separate cells)."""
    out: list[str] = [row.label for _block, row in spec.table2_rows]
    for row in spec.table3_rows:
        if row.item:
            out += [row.group, row.item]
        else:
            out.append(row.label)
    return list(dict.fromkeys(out))
