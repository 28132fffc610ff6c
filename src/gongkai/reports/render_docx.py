"""The annual report as a Word document (python-docx): the text sections and the three tables with
the format's merged cells. Official documents set body text in 仿宋 and headings in 黑体; those fonts
do not exist on Linux: common.docfonts maps them to the installed Noto CJK faces. Stored text goes through
common.cleantext before it is written (control characters break DOCX)."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from gongkai.common.cleantext import clean_text
from gongkai.common.docfonts import set_run_font
from gongkai.reports.layout import Grid, grids
from gongkai.reports.render_html import paragraphs, report_title
from gongkai.rules.report_data import ReportData

# The fonts an official document asks for (common.docfonts maps them to the installed faces).
BODY_FONT, HEADING_FONT, TITLE_FONT = "仿宋", "黑体", "小标宋"


def _add_table(doc, grid: Grid) -> None:
    table = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # The cells by position, taken once before any merge: table.cell() walks the whole table on every call
    # (1,200 calls made a report seconds to render). The grid's merged areas do not overlap, so each
    # area's corners are still these cells when it is merged.
    at = [row.cells for row in table.rows]
    for cell in grid.cells:
        target = at[cell.row][cell.col]
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(at[cell.row + cell.rowspan - 1][cell.col + cell.colspan - 1])
        para = target.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER if (not cell.header or cell.scope.startswith("col")) else None
        run = para.add_run(clean_text(cell.text))
        set_run_font(run, HEADING_FONT if cell.header else BODY_FONT, size_pt=9, bold=False)


def render_docx(data: ReportData, title: str | None = None) -> bytes:
    title = title or report_title(data.agency, data.year)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Cm(2)
    set_run_font(doc.styles["Normal"], BODY_FONT, size_pt=14)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(head.add_run(clean_text(title)), TITLE_FONT, size_pt=20, bold=True)
    tables = {g.key: g for g in grids(data)}
    table_for = {"二": "t2", "三": "t3", "四": "t4"}
    for s in data.spec.sections:
        h = doc.add_paragraph()
        set_run_font(h.add_run(f"{s.number}、{s.title}"), HEADING_FONT, size_pt=16)
        if s.number in table_for:
            _add_table(doc, tables[table_for[s.number]])
        for text in paragraphs(data.sections.get(s.number, "")):
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(28)
            set_run_font(p.add_run(clean_text(text)), BODY_FONT)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
