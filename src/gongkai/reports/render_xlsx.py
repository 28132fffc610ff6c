"""The report's tables as an Excel workbook (openpyxl): one sheet per table, merged cells as printed,
numbers stored as numbers. Every value goes through gongkai.common.xlsx (`set_cell`), which keeps stored
text from breaking the file or being taken for a formula."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.common.xlsx import set_cell
from gongkai.reports.layout import grids
from gongkai.reports.render_html import report_title
from gongkai.rules.report_data import ReportData

SHEETS = {"t2": "表二 主动公开", "t3": "表三 依申请公开", "t4": "表四 复议诉讼"}
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def render_xlsx(data: ReportData, title: str | None = None) -> bytes:
    title = title or report_title(data.agency, data.year)
    wb = Workbook()
    wb.remove(wb.active)
    for grid in grids(data):
        ws = wb.create_sheet(SHEETS[grid.key])
        set_cell(ws, 1, 1, f"{title} · {grid.title}").font = Font(bold=True)
        top = 2  # grid row 0 goes to sheet row 2
        for cell in grid.cells:
            r, c = top + cell.row, 1 + cell.col
            value = cell.text if cell.header else cell.value
            xc = set_cell(ws, r, c, value)
            xc.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center" if not cell.header
                                     or cell.scope.startswith("col") else "left")
            if cell.header:
                xc.font = Font(bold=True)
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + cell.rowspan - 1,
                               end_column=c + cell.colspan - 1)
            for rr in range(r, r + cell.rowspan):
                for cc in range(c, c + cell.colspan):
                    ws.cell(rr, cc).border = _BORDER
        for col in range(1, grid.n_cols + 1):
            ws.column_dimensions[get_column_letter(col)].width = 14
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
