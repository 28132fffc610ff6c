"""The mailbox's Excel file (through gongkai.common.xlsx): the letters, with the writer's name and
contacts masked."""

from __future__ import annotations

from gongkai.common import privacy, xlsx

SHEET = "来信台账"
HEADERS = ["查询码", "机关", "类别", "标题", "来信人", "联系电话", "电子邮箱", "来信日期", "答复期限", "期限暂定",
           "状态", "答复日期", "是否超期", "同意公开", "公开日期"]
WIDTHS = [16, 24, 8, 36, 10, 16, 22, 12, 12, 8, 10, 12, 8, 8, 12]


def _row(letter) -> list:
    late = bool(letter.answered_on and letter.answered_on > letter.due_on)
    return [
        letter.tracking_code, letter.agency.name, letter.category, letter.subject,
        privacy.mask_name(letter.writer_name), privacy.mask_phone(letter.phone), privacy.mask_email(letter.email),
        letter.received_on, letter.due_on, "是" if letter.due_provisional else "否", letter.get_status_display(),
        letter.answered_on, "是" if late else "否", "是" if letter.consent_publish else "否", letter.published_on,
    ]


def letters_workbook(letters) -> bytes:
    rows = (_row(letter) for letter in letters.select_related("agency").iterator(chunk_size=500))
    return xlsx.write_table([(SHEET, HEADERS, rows)], widths={SHEET: WIDTHS})
