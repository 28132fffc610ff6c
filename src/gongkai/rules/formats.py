"""The two annual-report formats as declarative data (rules.md §2).

2019: 国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式（试行）》 — report years 2019–2020.
2021: 国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》 — report years 2021 on.

One spec drives computing, rendering, parsing and checking: every row label of the annual report is
written here and nowhere else. Table 3 row labels are the keys of the JSON interchange (design.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

CellKind = Literal["count", "signed", "money"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: CellKind = "count"
    unit: str = "件"


@dataclass(frozen=True)
class Row:
    key: str
    label: str  # the label as the JSON interchange spells it (unique within its table)
    group: str = ""  # table 3: the printed group label, e.g. "（三）不予公开"
    item: str = ""  # table 3: the printed item label within its group, e.g. "1.属于国家秘密"
    aliases: tuple[str, ...] = ()  # other spellings seen in real reports
    # distinctive fragments of the label or of an alias (or an alias whole) by which a reader still
    # recognizes the row when its label reaches us split, truncated or mistyped; the full label is
    # always tried first
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table2Block:
    key: str  # A20_01, A20_05, ...
    label: str  # 第二十条第（一）项
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportFormat:
    code: Literal["2019", "2021"]
    title: str
    basis: str
    table2: tuple[Table2Block, ...]
    table3_rows: tuple[Row, ...]
    sections: tuple[Section, ...] = field(default=())
    markers: tuple[str, ...] = ()  # strings that only this format prints (format detection, §2.6)

    # -- derived views --------------------------------------------------------------------------
    @property
    def table2_rows(self) -> tuple[tuple[Table2Block, Row], ...]:
        return tuple((block, row) for block in self.table2 for row in block.rows)

    def table2_columns(self, row_label: str) -> tuple[Column, ...]:
        for block, row in self.table2_rows:
            if row.label == row_label:
                return block.columns
        raise KeyError(row_label)

    @property
    def table2_cell_count(self) -> int:
        return sum(len(b.columns) * len(b.rows) for b in self.table2)

    def __hash__(self) -> int:
        # The parser caches label keys per (format, row) (parse.labels): hashing the whole nested spec
        # on every lookup was a tenth of an audit's time. Equal formats have equal codes.
        return hash(self.code)

    @cached_property
    def _table3_by_key(self) -> dict[str, Row]:
        return {row.key: row for row in self.table3_rows}

    def table3_row(self, key: str) -> Row:
        return self._table3_by_key[key]

    @property
    def table3_result_rows(self) -> tuple[Row, ...]:
        """The rows (一)…(六) of 三、本年度办理结果 that add up to （七）总计 (check L4)."""
        return tuple(r for r in self.table3_rows if r.key.startswith("r"))

    @property
    def outcome_keys(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.table3_result_rows)


# --- table 3: 收到和处理政府信息公开申请情况 ---------------------------------------------------------
TABLE3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE3_COLUMN_GROUP = "申请人情况"
TABLE3_LEGAL_PERSON_GROUP = "法人或其他组织"
APPLICANT_TYPES: tuple[tuple[str, str], ...] = (
    ("natural_person", "自然人"),
    ("business", "商业企业"),
    ("research", "科研机构"),
    ("public_interest", "社会公益组织"),
    ("legal_services", "法律服务机构"),
    ("other", "其他"),
)
TABLE3_COLUMNS: tuple[Column, ...] = (
    *(Column(key, label) for key, label in APPLICANT_TYPES),
    Column("total", "总计"),
)
RESULTS_GROUP = "三、本年度办理结果"


def _r(key: str, group: str, item: str = "", keys: tuple[str, ...] = (), aliases: tuple[str, ...] = ()) -> Row:
    label = f"{group[:3]}{item}" if item else group
    return Row(key, label, group=group, item=item, aliases=aliases, keys=keys)


_T3_HEAD = (
    Row("new", "一、本年新收政府信息公开申请数量", keys=("本年新收", "新收政府信息公开申请")),
    Row(
        "carried_in",
        "二、上年结转政府信息公开申请数量",
        aliases=("二、上年转结政府信息公开申请数量", "二、上年度结转政府信息公开申请数量"),
        keys=("上年结转", "上年转结", "上年度结转"),
    ),
    _r("r1", "（一）予以公开", keys=("予以公开",)),
    _r("r2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", keys=("部分公开",)),
    _r("r3_1", "（三）不予公开", "1.属于国家秘密", keys=("国家秘密",)),
    _r(
        "r3_2",
        "（三）不予公开",
        "2.其他法律行政法规禁止公开",
        aliases=("2.其他法律行政止公开",),  # a layout that drops 法规禁 (seen in a PDF's text layer)
        keys=("其他法律", "法规禁止公开", "行政止公开", "禁止公开"),
    ),
    _r("r3_3", "（三）不予公开", "3.危及“三安全一稳定”", keys=("三安全一稳定", "危及")),
    _r("r3_4", "（三）不予公开", "4.保护第三方合法权益", keys=("第三方合法权益", "第三方")),
    _r("r3_5", "（三）不予公开", "5.属于三类内部事务信息", keys=("内部事务",)),
    _r("r3_6", "（三）不予公开", "6.属于四类过程性信息", keys=("过程性信息", "过程性")),
    _r("r3_7", "（三）不予公开", "7.属于行政执法案卷", keys=("执法案卷",)),
    _r("r3_8", "（三）不予公开", "8.属于行政查询事项", keys=("查询事项",)),
    _r("r4_1", "（四）无法提供", "1.本机关不掌握相关政府信息", keys=("不掌握",)),
    _r("r4_2", "（四）无法提供", "2.没有现成信息需要另行制作", keys=("另行制作", "没有现成")),
    _r("r4_3", "（四）无法提供", "3.补正后申请内容仍不明确", keys=("仍不明确", "补正后")),
    _r("r5_1", "（五）不予处理", "1.信访举报投诉类申请", keys=("信访举报投诉", "信访")),
    _r("r5_2", "（五）不予处理", "2.重复申请", keys=("重复申请",)),
    _r("r5_3", "（五）不予处理", "3.要求提供公开出版物", keys=("公开出版物", "出版物")),
    _r("r5_4", "（五）不予处理", "4.无正当理由大量反复申请", keys=("大量反复", "反复申请")),
    _r("r5_5", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", keys=("重新出具", "确认或重新")),
)
_T3_TAIL = (
    Row("total", "（七）总计", aliases=("（七）合计", "七、总计"), keys=("总计", "合计")),
    Row(
        "carried_out",
        "四、结转下年度继续办理",
        aliases=("四、结转下一年度继续办理", "四、转下年度继续办理"),
        keys=("结转下年度", "转下年度", "结转下一年度", "结转下年"),
    ),
)
TABLE3_2019 = (*_T3_HEAD, _r("r6", "（六）其他处理", keys=("其他处理",)), *_T3_TAIL)
TABLE3_2021 = (
    *_T3_HEAD,
    _r(
        "r6_1",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        keys=("逾期不补正", "不补正"),
    ),
    _r(
        "r6_2",
        "（六）其他处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        keys=("未按收费通知", "收费通知", "缴纳费用"),
    ),
    _r("r6_3", "（六）其他处理", "3.其他", keys=("其他",)),
    *_T3_TAIL,
)

# --- table 4: 政府信息公开行政复议、行政诉讼情况 (identical in both formats) --------------------------
TABLE4_GROUPS: tuple[tuple[str, str, str], ...] = (
    # key, printed group label, label used in the interchange's column names
    ("reconsideration", "行政复议", "行政复议"),
    ("lawsuit_direct", "未经复议直接起诉", "诉讼未经复议直接起诉"),
    ("lawsuit_after_reconsideration", "复议后起诉", "诉讼复议后起诉"),
)
TABLE4_SUPER_GROUP = "行政诉讼"
TABLE4_RESULTS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
TABLE4_COLUMNS: tuple[str, ...] = tuple(f"{g[2]}-{r[1]}" for g in TABLE4_GROUPS for r in TABLE4_RESULTS)

# --- text sections (both formats) -----------------------------------------------------------------
SECTIONS = (
    Section("一", "总体情况"),
    Section("二", "主动公开政府信息情况"),
    Section("三", "收到和处理政府信息公开申请情况"),
    Section(
        "四",
        "政府信息公开行政复议、行政诉讼情况",
        aliases=("因政府信息公开工作被申请行政复议、提起行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼的情况"),
    ),
    Section(
        "五",
        "存在的主要问题及改进情况",
        aliases=("存在的主要问题及整改措施", "政府信息公开工作存在的主要问题及改进情况"),
    ),
    Section("六", "其他需要报告的事项"),
)

# --- table 2: 主动公开政府信息情况 ------------------------------------------------------------------
_PREV = Column("previous", "上一年项目数量", unit="项")
_DELTA = Column("delta", "本年增/减", kind="signed", unit="项")
_DECISIONS_2019 = Column("decisions", "处理决定数量")
_DECISIONS_2021 = Column("decisions", "本年处理决定数量")
_FEES = Row("fees", "行政事业性收费", keys=("事业性收费",))

FORMAT_2019 = ReportFormat(
    code="2019",
    title="中华人民共和国政府信息公开工作年度报告格式（试行）",
    basis="国办公开办函〔2019〕60号",
    table2=(
        Table2Block(
            "A20_01",
            "第二十条第（一）项",
            (Column("made", "本年新制作数量"), Column("published", "本年新公开数量"), Column("in_force", "对外公开总数量")),
            (Row("regulations", "规章"), Row("normative", "规范性文件", aliases=("行政规范性文件",), keys=("行政规范性文件",))),
        ),
        Table2Block(
            "A20_05",
            "第二十条第（五）项",
            (_PREV, _DELTA, _DECISIONS_2019),
            (Row("licensing", "行政许可"), Row("other_services", "其他对外管理服务事项", keys=("对外管理服务", "其他对外管理"))),
        ),
        Table2Block(
            "A20_06",
            "第二十条第（六）项",
            (_PREV, _DELTA, _DECISIONS_2019),
            (Row("penalty", "行政处罚"), Row("enforcement", "行政强制")),
        ),
        Table2Block("A20_08", "第二十条第（八）项", (_PREV, _DELTA), (_FEES,)),
        Table2Block(
            "A20_09",
            "第二十条第（九）项",
            (Column("count", "采购项目数量", unit="项"), Column("amount", "采购总金额", kind="money", unit="万元")),
            (Row("procurement", "政府集中采购", keys=("集中采购",)),),
        ),
    ),
    table3_rows=TABLE3_2019,
    sections=SECTIONS,
    markers=("本年新制作数量", "本年新公开数量", "对外公开总数量", "政府集中采购", "上一年项目数量", "采购总金额"),
)

FORMAT_2021 = ReportFormat(
    code="2021",
    title="中华人民共和国政府信息公开工作年度报告格式",
    basis="国办公开办函〔2021〕30号",
    table2=(
        Table2Block(
            "A20_01",
            "第二十条第（一）项",
            (Column("made", "本年制发件数"), Column("repealed", "本年废止件数"), Column("in_force", "现行有效件数")),
            (Row("regulations", "规章"), Row("normative", "行政规范性文件", aliases=("规范性文件",), keys=("规范性文件",))),
        ),
        Table2Block("A20_05", "第二十条第（五）项", (_DECISIONS_2021,), (Row("licensing", "行政许可"),)),
        Table2Block(
            "A20_06",
            "第二十条第（六）项",
            (_DECISIONS_2021,),
            (Row("penalty", "行政处罚"), Row("enforcement", "行政强制")),
        ),
        Table2Block(
            "A20_08",
            "第二十条第（八）项",
            (Column("amount", "本年收费金额（单位：万元）", kind="money", unit="万元"),),
            (_FEES,),
        ),
    ),
    table3_rows=TABLE3_2021,
    sections=SECTIONS,
    markers=("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期未按收费通知"),
)

FORMATS: dict[str, ReportFormat] = {"2019": FORMAT_2019, "2021": FORMAT_2021}
TABLE2_TITLE = "二、主动公开政府信息情况"
TABLE3_TITLE = "三、收到和处理政府信息公开申请情况"
TABLE4_TITLE = "四、政府信息公开行政复议、行政诉讼情况"


def format_for_year(year: int) -> ReportFormat:
    """The format a report on `year` must use: 2019–2020 → 2019 format; 2021 on → 2021 format."""
    return FORMAT_2019 if year <= 2020 else FORMAT_2021


def get_format(code: str) -> ReportFormat:
    try:
        return FORMATS[str(code)]
    except KeyError:
        raise ValueError(f"未知的年度报告格式“{code}”，应为 2019 或 2021。") from None
