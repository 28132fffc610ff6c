"""HTML of an annual report: the tables as the standard format prints them (merged header cells,
`<th scope>` and `headers` on every data cell), and the whole report as a page or a standalone file.

The same standalone document is what WeasyPrint turns into the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from gongkai.common.docfonts import css_font
from gongkai.reports.layout import Cell, Grid, grids
from gongkai.rules.report_data import ReportData

DrillFn = Callable[[tuple[str, str, int]], str | None]


def _attrs(**kw: object) -> str:
    out = []
    for k, v in kw.items():
        if v in (None, "", 1) and k in ("rowspan", "colspan"):
            continue
        if v in (None, "", ()):
            continue
        if isinstance(v, tuple):
            v = " ".join(v)
        out.append(f' {k.rstrip("_").replace("_", "-")}="{escape(str(v))}"')
    return "".join(out)


def _cell_html(cell: Cell, drill: DrillFn | None, blank_text: str = "", label_cols: int = 0) -> str:
    span = {"rowspan": cell.rowspan, "colspan": cell.colspan}
    if cell.header:
        # the row labels left of the figures ("rh rh-0" … by starting column): they stay in view while a
        # phone scrolls the figures sideways (reports/_table_css.html)
        css = f"rh rh-{cell.col}" if cell.col < label_cols else ""
        return f"<th{_attrs(id=cell.id, scope=cell.scope, class_=css, **span)}>{escape(cell.text)}</th>"
    content = escape(blank_text if cell.blank else cell.text)
    url = drill(cell.ref) if (drill and cell.ref) else None
    if url and content:
        content = f'<a href="{escape(url)}" title="查看计入此数的记录">{content}</a>'
    css = "num unfilled" if cell.blank else "num"
    return f'<td{_attrs(headers=cell.headers, class_=css, **span)}>{content}</td>'


def grid_html(grid: Grid, drill: DrillFn | None = None, caption: bool = True, labelledby: str = "",
              blank_text: str = "") -> str:
    rows = grid.rows()
    label = f' aria-labelledby="{escape(labelledby)}"' if labelledby else ""
    label_cols = min((c.col for c in grid.cells if not c.header), default=0)  # columns of row labels
    parts = [f'<table class="report-table report-{grid.key}"{label}>']
    if caption:
        parts.append(f"<caption>{escape(grid.title)}</caption>")
    if grid.widths:
        parts.append("<colgroup>" + "".join(f'<col style="width:{w}%">' for w in grid.widths) + "</colgroup>")
    if grid.head_rows:
        parts.append("<thead>")
        for r in rows[: grid.head_rows]:
            parts.append("<tr>" + "".join(_cell_html(c, drill, blank_text, label_cols) for c in r) + "</tr>")
        parts.append("</thead>")
    for start, end in grid.groups:
        parts.append("<tbody>")
        for r in rows[start:end]:
            parts.append("<tr>" + "".join(_cell_html(c, drill, blank_text, label_cols) for c in r) + "</tr>")
        parts.append("</tbody>")
    parts.append("</table>")
    return "\n".join(parts)


TABLE_SECTION = {"t2": "二", "t3": "三", "t4": "四"}


def tables_html(data: ReportData, drill: DrillFn | None = None, blank_text: str = "") -> dict[str, SafeString]:
    """The three tables, each labelled by its section heading (id "sec-二" …); every text is escaped.
    A cell nobody has entered shows `blank_text` (empty in a published file, "未填写" on the staff page)."""
    return {
        g.key: mark_safe(grid_html(g, drill, caption=False, labelledby=f"sec-{TABLE_SECTION[g.key]}",
                                   blank_text=blank_text))
        for g in grids(data)
    }


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").splitlines() if p.strip()]


def report_context(data: ReportData, title: str, drill: DrillFn | None = None, blank_text: str = "") -> dict:
    spec = data.spec
    sections = []
    tables = tables_html(data, drill, blank_text)
    table_for = {"二": tables["t2"], "三": tables["t3"], "四": tables["t4"]}
    for s in spec.sections:
        sections.append(
            {"number": s.number, "title": s.title, "paragraphs": paragraphs(data.sections.get(s.number, "")),
             "table": table_for.get(s.number)}
        )
    return {"data": data, "title": title, "sections": sections, "spec": spec}


def report_title(agency: str | None, year: int | None) -> str:
    return f"{agency or ''}{year or ''}年政府信息公开工作年度报告"


def standalone_html(data: ReportData, title: str | None = None, for_print: bool = False) -> str:
    """The whole report as one self-contained HTML document (CLI report.html, and the PDF source)."""
    title = title or report_title(data.agency, data.year)
    ctx = report_context(data, title)
    ctx["for_print"] = for_print
    ctx["fonts"] = {"body": css_font("仿宋"), "title": css_font("小标宋"), "heading": css_font("黑体")}
    return render_to_string("reports/standalone.html", ctx)
