"""Bulk export of the queue to Excel (personal data masked)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

HEADERS = ["查询码", "受理机关", "申请人", "申请人类型", "证件号码", "统一社会信用代码", "联系电话", "所需信息",
           "申请渠道", "到达日期", "收到申请之日", "状态", "答复期限", "期限暂定", "计时暂停", "答复类型", "办结日期", "承办人"]


def export_xlsx(qs) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("依申请公开台账")
    from openpyxl.cell import WriteOnlyCell

    head = []
    for h in HEADERS:
        c = WriteOnlyCell(ws, value=h)
        c.font = Font(bold=True)
        head.append(c)
    ws.append(head)
    for a in qs.iterator(chunk_size=2000):
        ws.append([
            a.tracking_code, a.agency.name, a.listed_applicant_name, a.applicant_type_label, a.masked_id_number,
            a.credit_code, a.masked_phone, a.info_name or a.info_description[:100], a.get_channel_display(),
            a.arrival_date, a.receipt_date, a.get_state_display(), a.due_date, "暂定" if a.clock_provisional else "",
            "是" if a.clock_paused else "", a.get_outcome_display() if a.outcome else "", a.closed_on,
            a.handler.display_name if a.handler else "",
        ])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
