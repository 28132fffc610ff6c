"""Shared test helpers: report data with a distinct value in every cell, and an HTML table checker."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from gongkai.rules.report_data import ReportData

SECTION_5 = "存在的主要问题：台账登记不够及时。改进情况：已建立周报制度。"
GOVERNMENT_THEMES = "（七）监督保障情况。年度工作考核、社会评议均已完成，未发生责任追究情况。"


def zero_figures(agency, year, source="测试台账（无此类事项，填 0）") -> int:
    """Enter 0 for every hand-entered table-2 cell (either format) `agency` has not entered for `year`."""
    from gongkai.journal.actors import SYSTEM
    from gongkai.reports import actions
    from gongkai.reports.compute import LEDGER_BLOCK
    from gongkai.reports.models import ManualFigure
    from gongkai.rules.formats import FORMATS

    have = set(ManualFigure.objects.filter(agency=agency, year=year).values_list("row_key", "column_key"))
    n = 0
    for spec in FORMATS.values():
        for block, row in spec.table2_rows:
            for col in block.columns if block.key != LEDGER_BLOCK else ():
                if (row.key, col.key) not in have:
                    actions.set_manual_figure(SYSTEM, agency, year, row.key, col.key, 0, source)
                    have.add((row.key, col.key))
                    n += 1
    return n


def complete(report):
    """What a fresh draft lacks to pass the 未填写 checks: 0 for every hand-entered figure nobody entered
    (the agency's, and a roll-up's members'), section 五, and for a government the Art. 50 themes.
    Returns the report recomputed."""
    from gongkai.journal.actors import SYSTEM
    from gongkai.reports import actions

    agencies = [report.agency, *report.members.all()] if report.is_rollup else [report.agency]
    for agency in agencies:
        zero_figures(agency, report.year)
    texts = {}
    if not report.texts.get("五"):
        texts["五"] = SECTION_5
    if report.agency.is_government and GOVERNMENT_THEMES not in report.texts.get("一续", ""):
        texts["一续"] = "\n".join(t for t in (report.texts.get("一续", ""), GOVERNMENT_THEMES) if t)
    if texts:
        return actions.save_texts(SYSTEM, report, texts)
    return actions.refresh_report(SYSTEM, report)


def seed_expected(shared_dir) -> dict:
    return json.loads((shared_dir / "fixtures/seed/luzhou-statistics-bureau-2020.expected.json").read_text("utf-8"))


def seed_data(shared_dir) -> ReportData:
    exp = seed_expected(shared_dir)
    return ReportData.from_json({k: exp[k] for k in ("format", "agency", "year", "table2", "table3", "table4")})


def distinct_data(fmt: str) -> ReportData:
    """Every cell a different number, so a value in the wrong place is noticed."""
    data = ReportData.empty(fmt, agency="测试市统计局", year=2022 if fmt == "2021" else 2020)
    n = 1
    for label, values in data.table2.items():
        data.table2[label] = [n + i for i in range(len(values))]
        n += 10
    data.table2["行政事业性收费" if fmt == "2021" else "政府集中采购"][-1] = 12.75
    for label in data.table3:
        data.table3[label] = [n + i for i in range(7)]
        n += 10
    data.table4 = [100 + i for i in range(15)]
    data.sections = {"一": "第一段总体情况。\n第二段。", "五": "存在的问题。", "六": "其他事项。"}
    return data


class _TableParser(HTMLParser):
    """Collects the cells of every <table>: tag, attributes, text, and the grid slots each occupies."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._stack: list[dict] = []
        self._cell: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            t = {"attrs": a, "cells": [], "rows": 0, "taken": set(), "_col": 0}
            self._stack.append(t)
        elif not self._stack:
            return
        elif tag == "tr":
            t = self._stack[-1]
            t["_row"] = t["rows"]
            t["rows"] += 1
            t["_col"] = 0
        elif tag in ("td", "th"):
            t = self._stack[-1]
            r = t["_row"]
            c = t["_col"]
            while (r, c) in t["taken"]:
                c += 1
            rs, cs = int(a.get("rowspan") or 1), int(a.get("colspan") or 1)
            slots = {(r + i, c + j) for i in range(rs) for j in range(cs)}
            t["taken"] |= slots
            t["_col"] = c + cs
            self._cell = {"tag": tag, "attrs": a, "text": "", "slots": slots,
                          "rows": set(range(r, r + rs)), "cols": set(range(c, c + cs))}
            t["cells"].append(self._cell)

    def handle_endtag(self, tag):
        if tag == "table" and self._stack:
            self.tables.append(self._stack.pop())
        elif tag in ("td", "th"):
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data


def table_association_problems(html: str) -> list[str]:
    """Every data cell must name, through `headers`, header cells of its table that cover its row
    (a row header to its left, when the table has row headers) and its column (a header above it).
    Returns the problems found (empty when the tables validate)."""
    p = _TableParser()
    p.feed(html)
    problems: list[str] = []
    if not p.tables:
        return ["没有表格"]
    for ti, t in enumerate(p.tables):
        ths = {c["attrs"].get("id"): c for c in t["cells"] if c["tag"] == "th" and c["attrs"].get("id")}
        has_row_headers = any(c["attrs"].get("scope") in ("row", "rowgroup") for c in t["cells"] if c["tag"] == "th")
        for c in t["cells"]:
            if c["tag"] == "th":
                if not c["text"].strip():
                    problems.append(f"table {ti}: empty header")
                continue
            ids = (c["attrs"].get("headers") or "").split()
            where = f"table {ti} cell {sorted(c['slots'])[0]} ({c['text'].strip()})"
            if not ids:
                problems.append(f"{where}: no headers attribute")
                continue
            missing = [i for i in ids if i not in ths]
            if missing:
                problems.append(f"{where}: headers {missing} are not header cells of this table")
                continue
            refs = [ths[i] for i in ids]
            col_ok = any(h["cols"] >= c["cols"] and max(h["rows"]) < min(c["rows"]) for h in refs)
            row_ok = any(h["rows"] >= c["rows"] and max(h["cols"]) < min(c["cols"]) for h in refs)
            if not col_ok:
                problems.append(f"{where}: no column header above it")
            if has_row_headers and not row_ok:
                problems.append(f"{where}: no row header to its left")
    return problems
