"""The annual report as a Word document (python-docx): the text sections and the three tables with
the format's merged cells. Official documents set body text in 仿宋 and headings in 黑体; those fonts
do not exist on Linux, so they are mapped to the installed Noto CJK faces (FONT_MAP)."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gongkai.reports.layout import Grid, grids
from gongkai.reports.render_html import paragraphs, report_title
from gongkai.rules.report_data import ReportData

# The fonts an official document asks for → the installed CJK faces that stand in for them.
FONT_MAP = {"仿宋": "Noto Serif CJK SC", "黑体": "Noto Sans CJK SC", "小标宋": "Noto Serif CJK SC"}
BODY_FONT, HEADING_FONT, TITLE_FONT = FONT_MAP["仿宋"], FONT_MAP["黑体"], FONT_MAP["小标宋"]


def _set_font(run_or_style, name: str, size: float | None = None, bold: bool | None = None) -> None:
    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _add_table(doc, grid: Grid) -> None:
    table = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell in grid.cells:
        target = table.cell(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
        para = target.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER if (not cell.header or cell.scope.startswith("col")) else None
        run = para.add_run(cell.text)
        _set_font(run, HEADING_FONT if cell.header else BODY_FONT, size=9, bold=False)


def render_docx(data: ReportData, title: str | None = None) -> bytes:
    title = title or report_title(data.agency, data.year)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Cm(2)
    _set_font(doc.styles["Normal"], BODY_FONT, size=14)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(head.add_run(title), TITLE_FONT, size=20, bold=True)
    tables = {g.key: g for g in grids(data)}
    table_for = {"二": "t2", "三": "t3", "四": "t4"}
    for s in data.spec.sections:
        h = doc.add_paragraph()
        _set_font(h.add_run(f"{s.number}、{s.title}"), HEADING_FONT, size=16)
        if s.number in table_for:
            _add_table(doc, tables[table_for[s.number]])
        for text in paragraphs(data.sections.get(s.number, "")):
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(28)
            _set_font(p.add_run(text), BODY_FONT)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
