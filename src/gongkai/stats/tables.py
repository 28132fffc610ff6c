"""The dashboard's tables: each a title, headers and rows of cells, a cell holding a figure and the link to
the records it counts. The page shows them (with a chart built from the same cells), and each exports to
XLSX, so a chart, its table view and its export never disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from gongkai.common.period import Period
from gongkai.stats.charts import bar_chart


@dataclass
class Cell:
    value: Any
    url: str | None = None


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    chart: dict | None = None
    note: str = ""
    total: int | None = None  # a list table's full count, and the records page listing all of them
    total_url: str | None = None

    def body_html(self) -> str:
        """The table's rows as HTML (escaped here; a template loop over thousands of cells is the page's
        slowest part for a large city)."""
        if not self.rows:
            return mark_safe(f'<tr><td colspan="{len(self.headers)}">无。</td></tr>')
        return mark_safe("".join(
            "<tr>" + "".join(_cell_html(c, i == 0) for i, c in enumerate(row)) + "</tr>" for row in self.rows))

    def plain_rows(self) -> list[list[Any]]:
        return [[c.value for c in row] for row in self.rows]


def drill_url(metric: str, agency_id: int, period: Period, *, tree: bool = False,
              month: tuple[int, int] | None = None) -> str:
    """The records page of one figure (built by string, not `reverse` per cell: a 300-agency page has
    thousands of them; metric keys are the ASCII keys of `metrics.METRICS`); `month` is (year, month)."""
    url = f"{_records_url()}?metric={metric}&agency={int(agency_id)}&{period.query()}"
    if tree:
        url += "&scope=tree"
    if month:
        url += f"&month={int(month[0]):04d}-{int(month[1]):02d}"
    return url


@lru_cache(maxsize=1)
def _records_url() -> str:
    return reverse("stats:records")


def _cell_html(cell: Cell, header: bool) -> str:
    text = "—" if cell.value is None else conditional_escape(cell.value)
    if cell.url:
        text = f'<a href="{conditional_escape(cell.url)}">{text}</a>'
    return f'<th scope="row">{text}</th>' if header else f"<td>{text}</td>"


def per_agency_table(key: str, title: str, agencies, period: Period, columns: list[tuple[str, str]],
                     values: dict[int, dict[str, Any]], root_id: int, chart_columns: tuple[str, ...] = (),
                     note: str = "") -> Table:
    """One row per agency plus a 合计 row; columns: (metric key, header); values: {agency id: {metric: n}}.
    A column whose metric is not a drill metric (no `METRICS` entry) has no links."""
    from gongkai.stats.metrics import METRICS

    table = Table(key, title, ["机关", *(h for _, h in columns)], note=note)
    for agency in agencies:
        row = [Cell(agency.name)]
        for metric, _ in columns:
            v = values[agency.pk][metric]
            row.append(Cell(v, drill_url(metric, agency.pk, period) if metric in METRICS else None))
        table.rows.append(row)
    if len(agencies) > 1:
        total = [Cell("合计")]
        for metric, _ in columns:
            nums = [values[a.pk][metric] for a in agencies if isinstance(values[a.pk][metric], int | float)]
            total.append(Cell(sum(nums), drill_url(metric, root_id, period, tree=True) if metric in METRICS else None))
        table.rows.append(total)
    if chart_columns:
        index = {m: i for i, (m, _) in enumerate(columns, start=1)}
        body = table.rows[: len(agencies)]
        table.chart = bar_chart(
            [r[0].value for r in body],
            [(h, [r[index[m]].value for r in body]) for m, h in columns if m in chart_columns],
            urls=lambda s, i, _cols=[m for m, _ in columns if m in chart_columns]: body[i][index[_cols[s]]].url,
        )
    return table


def months_table(key: str, title: str, period: Period, series: list[tuple[str, str, dict[tuple[int, int], int]]],
                 root_id: int) -> Table:
    """Rows = the months of the period; series: (metric key, header, {(year, month): n})."""
    from gongkai.stats.metrics import METRICS

    table = Table(key, title, ["月份", *(h for _, h, _ in series)])
    one_year = period.first.year == period.last.year
    for month in period.months():
        row = [Cell(f"{month[1]}月" if one_year else f"{month[0]}年{month[1]}月")]
        for metric, _, counts in series:
            url = drill_url(metric, root_id, period, tree=True, month=month) if metric in METRICS else None
            row.append(Cell(counts.get(month, 0), url))
        table.rows.append(row)
    table.chart = bar_chart([r[0].value for r in table.rows], [(h, [r[i].value for r in table.rows])
                            for i, (_, h, _) in enumerate(series, start=1)],
                            urls=lambda s, i: table.rows[i][s + 1].url)
    return table


def days_left(deadline: dt.date, today: dt.date) -> int:
    return (deadline - today).days
