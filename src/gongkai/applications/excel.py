"""The applications' Excel files (through gongkai.common.xlsx): the queue export (personal data masked)
and the import of past cases from a ledger (台账) — every row checked first, errors reported per row in
Chinese, and nothing saved unless every row is good (one transaction).

The ledger's column names are the queue's; the applicant types and the outcomes it accepts are the
annual report's table-3 labels (rules.formats), so a ledger kept with the report's words imports as is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.agencies.scoping import require_role
from gongkai.applications import actions
from gongkai.applications.deadlines import today
from gongkai.common import uploads, xlsx
from gongkai.rules.formats import APPLICANT_TYPES, FORMAT_2021
from gongkai.rules.outcomes import OUTCOMES
from gongkai.rules.receipt import CHANNEL_LABELS, Channel, date_problems

# --- export -----------------------------------------------------------------------------------------
EXPORT_SHEET = "依申请公开台账"
HEADERS = ["查询码", "受理机关", "申请人", "申请人类型", "证件号码", "统一社会信用代码", "联系电话", "所需信息",
           "申请渠道", "到达日期", "收到申请之日", "状态", "答复期限", "期限暂定", "计时暂停", "答复类型", "办结日期", "承办人"]


def _export_row(a) -> list:
    return [
        a.tracking_code, a.agency.name, a.listed_applicant_name, a.applicant_type_label, a.masked_id_number,
        a.credit_code, a.masked_phone, a.info_name or a.info_description[:100], a.get_channel_display(),
        a.arrival_date, a.receipt_date, a.get_state_display(), a.due_date, "暂定" if a.clock_provisional else "",
        "是" if a.clock_paused else "", a.get_outcome_display() if a.outcome else "", a.closed_on,
        a.handler.display_name if a.handler else "",
    ]


def export_xlsx(qs) -> bytes:
    """The queue as one sheet (streamed: tens of thousands of rows in little memory)."""
    rows = (_export_row(a) for a in qs.iterator(chunk_size=2000))
    return xlsx.write_table([(EXPORT_SHEET, HEADERS, rows)], freeze=False)


# --- import -----------------------------------------------------------------------------------------
COLUMNS = ["申请人", "申请人类型", "证件号码", "统一社会信用代码", "联系电话", "所需信息", "申请渠道", "收到日期",
           "答复类型", "答复日期"]
REQUIRED = ["申请人", "申请人类型", "所需信息", "收到日期"]

TYPE_BY_LABEL = {label: key for key, label in APPLICANT_TYPES}
CHANNEL_BY_LABEL = {label: ch for ch, label in CHANNEL_LABELS.items()}
CHANNEL_BY_LABEL.update({"当面": Channel.IN_PERSON, "现场": Channel.IN_PERSON, "口头": Channel.ORAL,
                         "邮寄": Channel.REGISTERED_POST, "信函": Channel.ORDINARY_POST, "网上": Channel.ONLINE,
                         "网络": Channel.ONLINE, "在线": Channel.ONLINE, "电子邮件": Channel.EMAIL,
                         "邮箱": Channel.EMAIL, "传真": Channel.FAX})


def _outcome_names() -> dict[str, str]:
    names = {}
    for o in OUTCOMES:
        names[o.label] = o.code
        names.setdefault(re.sub(r"^\S+：", "", o.label), o.code)
    for row in FORMAT_2021.table3_result_rows:
        item = re.sub(r"^\d+\.", "", row.item) if row.item else re.sub(r"^（.）", "", row.group)
        names.setdefault(item, next(o.code for o in OUTCOMES if o.row_2021 == row.key))
    return names


OUTCOME_BY_NAME = _outcome_names()
OUTCOME_EXAMPLE = re.sub(r"^\d+\.", "", FORMAT_2021.table3_row("r4_1").item)  # 本机关不掌握相关政府信息


@dataclass
class ImportResult:
    created: int = 0
    errors: list[str] = field(default_factory=list)


def _date(value, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{what}“{text}”无法识别，请写成 2025-01-31 这样的日期")


def parse_rows(rows) -> tuple[list[tuple[int, dict]], list[str]]:
    """`rows`: (row number, values) from `xlsx.read_rows`; the first is the header."""
    rows = iter(rows)
    header = [str(c or "").strip() for c in next(rows, (1, ()))[1]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [f"第1行（表头）缺少列：{'、'.join(missing)}。表头应为：{'、'.join(COLUMNS)}。"]
    idx = {name: header.index(name) for name in COLUMNS if name in header}
    parsed, errors = [], []
    for n, raw in rows:
        cell = {name: (raw[i] if i < len(raw) else None) for name, i in idx.items()}
        if all(v in (None, "") for v in cell.values()):
            continue
        problems = []
        get = lambda k, cell=cell: str(cell.get(k) or "").strip()  # noqa: E731
        for k in REQUIRED:
            if not get(k):
                problems.append(f"“{k}”为空")
        kind = TYPE_BY_LABEL.get(get("申请人类型"))
        if get("申请人类型") and kind is None:
            problems.append(f"申请人类型“{get('申请人类型')}”不在可选范围（{'、'.join(TYPE_BY_LABEL)}）")
        channel = CHANNEL_BY_LABEL.get(get("申请渠道") or "当面")
        if channel is None:
            problems.append(f"申请渠道“{get('申请渠道')}”无法识别（可填：当面、口头、邮寄、信函、网上、电子邮件、传真）")
        received = closed = None
        if get("收到日期"):
            try:
                received = _date(cell["收到日期"], "收到日期")
            except ValueError as exc:
                problems.append(str(exc))
            else:
                # the row registers with its 收到日期 as arrival and confirmation: one problem, the arrival's
                # (the registration would also name the confirmation, as if one could be entered later)
                if problem := date_problems(received, None, today()).get("arrival_date"):
                    problems.append(problem.rstrip("。"))
        outcome = None
        if get("答复类型"):
            outcome = OUTCOME_BY_NAME.get(get("答复类型"))
            if outcome is None:
                problems.append(f"答复类型“{get('答复类型')}”无法识别，请使用表三的项目名称（如“{OUTCOME_EXAMPLE}”）")
            if not get("答复日期"):
                problems.append("填写了答复类型，但“答复日期”为空")
        if get("答复日期"):
            try:
                closed = _date(cell["答复日期"], "答复日期")
            except ValueError as exc:
                problems.append(str(exc))
            if not get("答复类型"):
                problems.append("填写了答复日期，但“答复类型”为空")
        if received and closed and closed < received:
            problems.append("答复日期早于收到日期")
        if kind == "natural_person" and not get("证件号码"):
            problems.append("自然人须填写证件号码")
        if kind and kind != "natural_person" and not get("统一社会信用代码"):
            problems.append("法人或其他组织须填写统一社会信用代码")
        if problems:
            errors.append(f"第{n}行：" + "；".join(problems) + "。")
            continue
        parsed.append((n, {
            "data": {"applicant_type": kind, "applicant_name": get("申请人"), "id_number": get("证件号码"),
                     "id_type": "id_card" if get("证件号码") else "", "credit_code": get("统一社会信用代码"),
                     "phone": get("联系电话") or "（台账未记录）", "info_description": get("所需信息")},
            "channel": channel, "received": received, "outcome": outcome, "closed": closed,
        }))
    if not parsed and not errors:
        errors.append("文件中没有数据行。")
    return parsed, errors


LEDGER_TYPES = ("xlsx",)
LEDGER_MAX_BYTES = 5 * 1024 * 1024


def check_file(file) -> None:
    """.xlsx only, at most 5 MB, a real OOXML spreadsheet whose uncompressed size is bounded (no zip bomb)."""
    uploads.check(file, LEDGER_TYPES, LEDGER_MAX_BYTES)


UNREADABLE = "无法读取该文件，请上传 Excel 2007 及以上格式（.xlsx）的台账。"


def import_ledger(actor, agency, file) -> ImportResult:
    require_role(actor, agency, *actions.HANDLE_ROLES)
    try:
        check_file(file)
    except ValidationError as exc:
        return ImportResult(errors=exc.messages)
    try:
        rows, errors = parse_rows(xlsx.read_rows(file.read()))
    except xlsx.UnreadableWorkbook:
        return ImportResult(errors=[UNREADABLE])
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    try:
        with transaction.atomic():
            for n, row in rows:
                try:
                    app, _ = actions.register(actor, agency, row["data"], channel=row["channel"],
                                              arrival=row["received"], confirmed=row["received"], imported=True)
                    if row["outcome"]:
                        actions.close_imported(actor, app, row["outcome"], row["closed"])
                except (ValidationError, PermissionDenied) as exc:
                    msgs = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                    raise ValidationError(f"第{n}行：" + "；".join(msgs)) from exc
                result.created += 1
    except ValidationError as exc:
        return ImportResult(errors=exc.messages)
    return result
