"""The disclosure ledger's Excel files (through gongkai.common.xlsx): the ledger (one row per item) out
and in, and the monthly channel tallies in.

Imports are validated row by row first; any error → nothing is imported and every error is reported
with its row and column, in Chinese. Only then does one action write all rows in one transaction.
The 信息类型 values that are rows of the annual report's table 2 (规章, 行政规范性文件, and the 2019
format's 规范性文件) are read with the report's own labels (rules.formats).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import has_role, require_role
from gongkai.common import xlsx
from gongkai.disclosures import actions
from gongkai.disclosures.models import (
    CatalogueNode,
    Channel,
    DisclosureItem,
    DocType,
    Validity,
)
from gongkai.rules import disclosure as rules
from gongkai.rules.formats import FORMATS

LEDGER_COLUMNS = [
    "索引号", "标题", "文号", "发布机构", "成文日期", "发布日期", "主题分类", "第二十条事项", "第二十一条事项", "信息类型",
    "公开目录栏目", "公开渠道", "状态", "超期公开", "形成至公开工作日数", "效力状态", "施行日期",
]
REQUIRED = ["标题", "成文日期"]
TALLY_COLUMNS = ["月份", "渠道", "条数", "说明"]
MAX_ROWS = 20000


def _label_map(choices) -> dict[str, str]:
    out = {}
    for value, label in choices:
        out[str(label)] = value
        out[str(value)] = value
    return out


def _report_doc_types() -> dict[str, str]:
    """Table 2's first block (第二十条第（一）项) rows of both formats → the item's document type."""
    by_key = {"regulations": DocType.REGULATION, "normative": DocType.NORMATIVE}
    return {row.label: by_key[row.key] for spec in FORMATS.values() for block in spec.table2[:1]
            for row in block.rows if row.key in by_key}


TOPIC_BY_LABEL = _label_map(rules.TOPICS)
DOCTYPE_BY_LABEL = _label_map(DocType.choices) | _report_doc_types()
CHANNEL_BY_LABEL = _label_map(Channel.choices)
VALIDITY_BY_LABEL = _label_map(Validity.choices)
DOCTYPE_CHOICES = "、".join(str(label) for label in DocType.labels[:-1]) + f" 或 {DocType.labels[-1]}"
VALIDITY_CHOICES = "、".join(str(label) for label in Validity.labels[:-1]) + f" 或 {Validity.labels[-1]}"
ART20_BY_LABEL = {num: code for code, num, _ in rules.ART20_ITEMS} | {
    num.strip("（）"): code for code, num, _ in rules.ART20_ITEMS
} | {code: code for code in rules.ART20_CODES} | {f"第二十条{num}": code for code, num, _ in rules.ART20_ITEMS}


class LedgerImportError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors[:5]))
        self.errors = errors


# --- export -----------------------------------------------------------------------------------------
LEDGER_SHEET = "主动公开台账"
LEDGER_WIDTHS = [28, 50, 22, 20, 12, 12, 16, 10, 14, 14, 18, 24, 10, 8, 10, 10, 12]
ART20_NUMBER = {code: num for code, num, _ in rules.ART20_ITEMS}


def _ledger_row(it) -> list:
    return [
        it.index_no, it.title, it.doc_no, it.publisher, it.formed_on, it.published_on, it.get_topic_display(),
        ART20_NUMBER.get(it.art20_item, ""), it.art21_label, it.get_doc_type_display(),
        it.node.name if it.node_id else "", "、".join(it.channel_labels), it.get_status_display(),
        "是" if it.late else "否", it.publication_workdays, it.get_validity_display() if it.validity else "",
        it.effective_on,
    ]


def export_ledger(items) -> bytes:
    rows = (_ledger_row(it) for it in items.select_related("node").iterator(chunk_size=2000))
    return xlsx.write_table([(LEDGER_SHEET, LEDGER_COLUMNS, rows)], widths={LEDGER_SHEET: LEDGER_WIDTHS},
                            freeze=False)


# --- parsing ----------------------------------------------------------------------------------------
def _date(value, label: str, row: int, errors: list[str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    try:
        return dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))
    except ValueError:
        errors.append(f"第{row}行「{label}」：“{value}”不是日期，请写成 2020-03-15 的格式。")
        return None


UNREADABLE = "无法读取这个文件：请上传 Excel（.xlsx）文件，可先导出台账作为模板。"


def _rows(data: bytes, errors: list[str]):
    """(header, the remaining (row number, values)) of the first sheet, or (None, []) with an error."""
    try:
        rows = xlsx.read_rows(data)
        first = next(rows, None)
    except xlsx.UnreadableWorkbook:
        errors.append(UNREADABLE)
        return None, []
    if not first or not first[1]:
        errors.append("表格是空的：第1行应为表头。")
        return None, []
    header = [str(h).strip() if h is not None else "" for h in first[1]]
    return header, _readable(rows)


def _readable(rows):
    """The rows; a sheet damaged further down ends the import with the same message as an unreadable file."""
    try:
        yield from rows
    except xlsx.UnreadableWorkbook:
        raise LedgerImportError([UNREADABLE]) from None


@dataclass
class ParsedItem:
    row: int
    data: dict
    index_no: str = ""
    published_on: dt.date | None = None
    channels: list[str] = field(default_factory=list)


def parse_ledger(data: bytes, agency) -> list[ParsedItem]:
    errors: list[str] = []
    header, rows = _rows(data, errors)
    if header is None:
        raise LedgerImportError(errors)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise LedgerImportError(["表头缺少必填列：" + "、".join(missing) + "（可先导出台账作为模板）。"])
    col = {name: header.index(name) for name in LEDGER_COLUMNS if name in header}
    nodes = {n.name: n for n in CatalogueNode.objects.filter(agency=agency)}
    art21 = {label: code for code, label in rules.art21_extras(agency.level)}
    existing_index = set(DisclosureItem.objects.filter(agency=agency).exclude(index_no="").values_list("index_no", flat=True))
    parsed: list[ParsedItem] = []
    seen_index: set[str] = set()
    for n, values in rows:
        if n - 1 > MAX_ROWS:
            errors.append(f"一次最多导入 {MAX_ROWS} 行，请分批导入。")
            break
        if values is None or all(v in (None, "") for v in values):
            continue

        def get(name: str, _values=values) -> str:
            i = col.get(name)
            v = _values[i] if i is not None and i < len(_values) else None
            return v if isinstance(v, dt.date) else ("" if v is None else str(v).strip())

        title = get("标题")
        if not title:
            errors.append(f"第{n}行「标题」：不能为空。")
        formed = _date(get("成文日期"), "成文日期", n, errors)
        if get("成文日期") == "":
            errors.append(f"第{n}行「成文日期」：不能为空。")
        published = _date(get("发布日期"), "发布日期", n, errors)
        if formed and published and published < formed:
            errors.append(f"第{n}行「发布日期」：早于成文日期，请核对。")
        item = {"title": title, "doc_no": get("文号"), "publisher": get("发布机构") or agency.name, "formed_on": formed}
        topic = get("主题分类")
        if topic and topic not in TOPIC_BY_LABEL:
            errors.append(f"第{n}行「主题分类」：“{topic}”不在主题分类表中。")
        item["topic"] = TOPIC_BY_LABEL.get(topic, "01")
        a20 = get("第二十条事项")
        if a20 and a20 not in ART20_BY_LABEL:
            errors.append(f"第{n}行「第二十条事项」：“{a20}”无法识别，请写成（四）或 A20_04。")
        item["art20_item"] = ART20_BY_LABEL.get(a20, "")
        a21 = get("第二十一条事项")
        if a21:
            if a21 not in art21:
                errors.append(f"第{n}行「第二十一条事项」：“{a21}”不适用于本机关层级。")
            item["art21_extra"] = art21.get(a21, "")
        dtype = get("信息类型")
        if dtype and dtype not in DOCTYPE_BY_LABEL:
            errors.append(f"第{n}行「信息类型」：“{dtype}”应为 {DOCTYPE_CHOICES}。")
        item["doc_type"] = DOCTYPE_BY_LABEL.get(dtype, DocType.ORDINARY)
        node_name = get("公开目录栏目")
        if node_name and node_name not in nodes:
            errors.append(f"第{n}行「公开目录栏目」：本机关没有名为“{node_name}”的栏目，请先在公开目录中建立。")
        item["node"] = nodes.get(node_name)
        channels = []
        for label in [c.strip() for c in get("公开渠道").replace("，", "、").replace(",", "、").split("、") if c.strip()]:
            if label not in CHANNEL_BY_LABEL:
                errors.append(f"第{n}行「公开渠道」：“{label}”无法识别；可用：" + "、".join(Channel.labels) + "。")
            else:
                channels.append(CHANNEL_BY_LABEL[label])
        item["channels"] = channels or [Channel.WEBSITE]
        validity = get("效力状态")
        if validity:
            if validity not in VALIDITY_BY_LABEL:
                errors.append(f"第{n}行「效力状态」：“{validity}”应为 {VALIDITY_CHOICES}。")
            item["validity"] = VALIDITY_BY_LABEL.get(validity, "")
        item["effective_on"] = _date(get("施行日期"), "施行日期", n, errors)
        index_no = get("索引号")
        if index_no:
            if index_no in existing_index or index_no in seen_index:
                errors.append(f"第{n}行「索引号」：“{index_no}”已经存在，索引号不能重复。")
            seen_index.add(index_no)
        parsed.append(ParsedItem(n, item, index_no, published, item["channels"]))
    if not parsed and not errors:
        errors.append("表格中没有数据行。")
    if errors:
        raise LedgerImportError(errors)
    return parsed


def import_ledger(actor, agency, data: bytes) -> int:
    """Validate every row, then create all items in one transaction (drafts; rows with a 发布日期 are
    historical records of items already published, which needs a reviewer or the leader)."""
    require_role(actor, agency, *actions.EDIT_ROLES, Role.REVIEWER, Role.LEADER)
    parsed = parse_ledger(data, agency)
    historical = [p for p in parsed if p.published_on]
    if historical and not has_role(actor, agency, Role.REVIEWER, Role.LEADER):
        raise LedgerImportError([f"第{p.row}行：填写了发布日期，属于已公开的历史记录，须由审核人或分管领导导入。"
                            for p in historical[:20]])
    return actions.import_items(actor, agency, parsed)


def parse_tallies(data: bytes) -> list[tuple[str, dt.date, int, str]]:
    errors: list[str] = []
    header, rows = _rows(data, errors)
    if header is None:
        raise LedgerImportError(errors)
    missing = [c for c in TALLY_COLUMNS[:3] if c not in header]
    if missing:
        raise LedgerImportError(["表头缺少必填列：" + "、".join(missing) + "（表头应为：月份、渠道、条数、说明）。"])
    col = {name: header.index(name) for name in TALLY_COLUMNS if name in header}
    out: list[tuple[str, dt.date, int, str]] = []
    seen = set()
    for n, values in rows:
        if values is None or all(v in (None, "") for v in values):
            continue

        def get(name: str, _values=values):
            i = col.get(name)
            return _values[i] if i is not None and i < len(_values) else None

        month_raw = get("月份")
        month = None
        if isinstance(month_raw, dt.datetime | dt.date):
            month = dt.date(month_raw.year, month_raw.month, 1)
        elif month_raw not in (None, ""):
            text = str(month_raw).strip().replace("年", "-").replace("月", "").replace("/", "-").replace(".", "-")
            try:
                y, m = (int(p) for p in text.split("-")[:2])
                month = dt.date(y, m, 1)
            except ValueError:
                pass
        if month is None:
            errors.append(f"第{n}行「月份」：“{month_raw or ''}”不是月份，请写成 2020-03。")
        label = str(get("渠道") or "").strip()
        channel = CHANNEL_BY_LABEL.get(label)
        if channel is None:
            errors.append(f"第{n}行「渠道」：“{label}”无法识别；可用：" + "、".join(Channel.labels) + "。")
        raw = get("条数")
        try:
            count = int(raw)
            if count < 0 or float(raw) != count:
                raise ValueError
        except (TypeError, ValueError):
            errors.append(f"第{n}行「条数」：“{raw if raw is not None else ''}”应为不小于 0 的整数。")
            count = None
        if month and channel and (channel, month) in seen:
            errors.append(f"第{n}行：{label} {month:%Y-%m} 重复出现，每个渠道每月只填一行。")
        seen.add((channel, month))
        if month and channel and count is not None:
            out.append((channel, month, count, str(get("说明") or "").strip()[:200]))
    if not out and not errors:
        errors.append("表格中没有数据行。")
    if errors:
        raise LedgerImportError(errors)
    return out


def import_tallies(actor, agency, data: bytes) -> int:
    require_role(actor, agency, *actions.MANAGE_ROLES)
    return actions.save_tallies(actor, agency, parse_tallies(data))
