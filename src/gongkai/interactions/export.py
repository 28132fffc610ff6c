"""Excel export of letters, with the writer's name and contacts masked."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.common import privacy

HEADERS = ["查询码", "机关", "类别", "标题", "来信人", "联系电话", "电子邮箱", "来信日期", "答复期限", "期限暂定",
           "状态", "答复日期", "是否超期", "同意公开", "公开日期"]


def letters_workbook(letters) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "来信台账"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for letter in letters.select_related("agency").iterator(chunk_size=500):
        late = bool(letter.answered_on and letter.answered_on > letter.due_on)
        ws.append([
            letter.tracking_code, letter.agency.name, letter.category, letter.subject,
            privacy.mask_name(letter.writer_name), privacy.mask_phone(letter.phone), privacy.mask_email(letter.email),
            letter.received_on, letter.due_on, "是" if letter.due_provisional else "否", letter.get_status_display(),
            letter.answered_on, "是" if late else "否", "是" if letter.consent_publish else "否", letter.published_on,
        ])
    for column, width in zip("ABCDEFGHIJKLMNO", [16, 24, 8, 36, 10, 16, 22, 12, 12, 8, 10, 12, 8, 8, 12], strict=True):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=2):
        for idx in (7, 8, 11, 14):
            row[idx].number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
