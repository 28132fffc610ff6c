"""Random annual reports for property tests: hypothesis strategies that build a ReportData the way the
platform computes one from its ledgers (every applicant type, every outcome, carried-over cases,
appeals, hand-entered table-2 figures including signed changes and money with decimals, both
formats, one agency or a government's roll-up), with the section texts the platform drafts —
including section 一's sentences that quote the table figures, and prose after each table that
quotes its labels and numbers, which the auditor must never take for table rows.

Pure (no Django): the platform's own renderers are applied by the tests that need them.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from gongkai.rules.formats import APPLICANT_TYPES, FORMATS, TABLE4_GROUPS, TABLE4_RESULTS, ReportFormat
from gongkai.rules.report_data import Number, ReportData
from gongkai.rules.report_text import (
    OUTCOME_GROUPS,
    Channels,
    Outcomes,
    OverviewFigures,
    draft_overview,
    fee_sentence,
)
from gongkai.rules.rollup import rollup

TYPES = [k for k, _ in APPLICANT_TYPES]
OUTCOMES_2021 = [r.key for r in FORMATS["2021"].table3_result_rows]
DEPARTMENTS = ("泸州市统计局", "淮安市洪泽区发展和改革委员会", "平潭综合实验区交通运输局", "沭阳县自然资源局", "上海市徐汇区教育局")
GOVERNMENTS = ("泸州市人民政府", "淮安市洪泽区人民政府", "沭阳县人民政府", "某某市某某区人民政府")


def plain(d: Decimal) -> Number:
    return int(d) if d == d.to_integral_value() else float(d)


@st.composite
def cell_count(draw, scale: int) -> int:
    """Most cells of a real table are 0; the others small, a few large."""
    if scale == 0 or draw(st.integers(0, 2)) == 0:
        return 0
    return draw(st.integers(0, scale))


@st.composite
def table3_counts(draw, busy: bool = True) -> dict[str, dict[str, int]]:
    """Per 2021 outcome key (and new / carried_in / carried_out): applications by applicant type."""
    scales = {t: draw(st.sampled_from((0, 3, 40, 900 if busy else 40))) for t in TYPES}
    scales[TYPES[0]] = max(scales[TYPES[0]], 3)  # natural persons apply in every real report
    counts: dict[str, dict[str, int]] = {k: {} for k in (*OUTCOMES_2021, "new", "carried_in", "carried_out")}
    for t in TYPES:
        for k in OUTCOMES_2021:
            counts[k][t] = draw(cell_count(scales[t]))
        done = sum(counts[k][t] for k in OUTCOMES_2021)
        carried_out = draw(cell_count(min(scales[t], 20)))
        carried_in = min(draw(cell_count(min(scales[t], 20))), done + carried_out)
        counts["carried_in"][t] = carried_in
        counts["carried_out"][t] = carried_out
        counts["new"][t] = done + carried_out - carried_in
    return counts


def table3_rows(spec: ReportFormat, counts: dict[str, dict[str, int]]) -> dict[str, list[int]]:
    """The same arithmetic as reports.compute.table3_from_counts (2019 （六） = r6_1 + r6_2 + r6_3)."""

    def row(key: str) -> list[int]:
        if key == "r6":
            return [sum(counts[k][t] for k in ("r6_1", "r6_2", "r6_3")) for t in TYPES]
        if key == "total":
            return [sum(row(k)[i] for k in spec.outcome_keys) for i in range(len(TYPES))]
        return [counts[key].get(t, 0) for t in TYPES]

    return {r.label: [*row(r.key), sum(row(r.key))] for r in spec.table3_rows}


@st.composite
def table4(draw) -> list[int]:
    out: list[int] = []
    for _g in TABLE4_GROUPS:
        parts = [draw(cell_count(12)) for _r in TABLE4_RESULTS[:-1]]
        out += [*parts, sum(parts)]
    return out


@st.composite
def money(draw) -> Number:
    """万元 with up to six decimals (4068.208, 24252.311082 are real)."""
    places = draw(st.integers(0, 6))
    units = draw(st.integers(0, 10 ** (5 + places)))
    return plain(Decimal(units).scaleb(-places))


@st.composite
def table2(draw, spec: ReportFormat) -> dict[str, list[Number]]:
    out: dict[str, list[Number]] = {}
    for _block, row in spec.table2_rows:
        block = _block
        values: list[Number] = []
        for col in block.columns:
            if col.kind == "money":
                values.append(draw(money()))
            elif col.kind == "signed":
                values.append(draw(st.integers(-3000, 3000)))
            else:
                values.append(draw(cell_count(5000)))
        out[row.label] = values
    return out


PROBLEMS = (
    "一是政务公开工作机制还需进一步健全；二是政策解读的形式还不够丰富。下一步，我们将加强培训，提高公开质量。",
    "存在的问题主要是信息发布的及时性有待提高。改进措施：建立信息发布台账，每月通报。",
    "部分栏目更新不及时，依申请公开答复的规范性有待加强。将完善审核制度，强化业务培训。",
)


@st.composite
def sections(draw, data: ReportData, fee_yuan: Decimal) -> dict[str, str]:
    """Section texts as the platform drafts them, plus prose after each table that quotes its labels
    and figures (a narrative never to be read as table rows)."""
    t3 = {r.key: data.table3[r.label] for r in data.spec.table3_rows}
    finished = t3["total"][6]
    groups = {key: sum(v[6] for k, v in t3.items() if k.startswith(key) and k != "total") for key, _n in OUTCOME_GROUPS}
    channels = Channels(total=draw(st.integers(0, 5000)))
    figures = OverviewFigures(
        year=data.year or 2020,
        channels=channels,
        applications=Outcomes(
            new=t3["new"][6], carried_in=t3["carried_in"][6], finished=finished,
            carried_out=t3["carried_out"][6], groups=groups,
        ),
        reconsiderations=data.table4[4],
        lawsuits=data.table4[9] + data.table4[14],
    )
    block1 = data.spec.table2[1]
    first_row = block1.rows[0].label
    texts = {
        "一": draft_overview(figures),
        "二": f"本年度{first_row}{block1.columns[-1].label}{data.table2[first_row][-1]}件，较上年有所变化。"
        if draw(st.booleans()) else "",
        "三": (f"一、本年新收政府信息公开申请数量为{t3['new'][6]}件，二、上年结转政府信息公开申请数量"
               f"{t3['carried_in'][6]}件，（一）予以公开{t3['r1'][6]}件，（七）总计{finished}件。")
        if draw(st.booleans()) else "",
        "四": f"行政复议结果维持{data.table4[0]}件，结果纠正{data.table4[1]}件，总计{data.table4[4]}件。"
        if draw(st.booleans()) else "",
        "五": draw(st.sampled_from(PROBLEMS)),
    }
    if data.format == "2021":
        texts["六"] = fee_sentence(data.year or 2021, fee_yuan, t3["r6_2"][6])
    else:
        texts["六"] = "无其他需要报告的事项。"
    return {k: v for k, v in texts.items() if v}


@st.composite
def agency_report(draw, fmt: str, year: int, agency: str) -> ReportData:
    spec = FORMATS[fmt]
    data = ReportData.empty(fmt, agency=agency, year=year)
    data.table2 = draw(table2(spec))
    data.table3 = table3_rows(spec, draw(table3_counts()))
    data.table4 = draw(table4())
    return data


@st.composite
def reports(draw, fmt: str | None = None, rollup_: bool | None = None) -> ReportData:
    """A whole report: one agency's, or a government's roll-up of several members."""
    fmt = fmt or draw(st.sampled_from(("2019", "2021")))
    year = draw(st.integers(2019, 2020) if fmt == "2019" else st.integers(2021, 2025))
    is_rollup = draw(st.booleans()) if rollup_ is None else rollup_
    if is_rollup:
        agency = draw(st.sampled_from(GOVERNMENTS))
        members = draw(st.lists(agency_report(fmt, year, agency), min_size=2, max_size=4))
        data = rollup(members, fmt, agency=agency, year=year)
    else:
        agency = draw(st.sampled_from(DEPARTMENTS))
        data = draw(agency_report(fmt, year, agency))
    fee = Decimal(draw(st.integers(0, 500000))).scaleb(-2)
    data.sections = draw(sections(data, fee))
    data.extra = {"rollup": is_rollup}
    return data


# --- layouts real reports come in (issue 10 item 4), rendered from a ReportData -------------------
Cell = str
BLANK_CELL = ""  # a cell printed empty (blank cells in Chinese reports usually mean 0)


def _num(v: Number) -> str:
    if isinstance(v, float):
        return format(Decimal(repr(v)).normalize(), "f")
    return str(v)


def table_rows(data: ReportData, blank_zeros: set[tuple[str, str, int]] | None = None,
               labels: dict[str, str] | None = None) -> dict[str, list[list[Cell]]]:
    """The three tables as printed rows of cells (merged cells printed once), from rules.formats.
    blank_zeros: (table, row label, column) of zero cells printed empty; labels: printed label of a
    row (by its standard label) when it differs (a typo)."""
    from gongkai.rules.formats import (
        TABLE3_COLUMNS,
        TABLE3_CORNER,
        TABLE3_LEGAL_PERSON_GROUP,
        TABLE4_SUPER_GROUP,
    )

    blank = blank_zeros or set()
    shown = labels or {}

    def cell(table: str, label: str, col: int, v: Number) -> Cell:
        return BLANK_CELL if (table, label, col) in blank and v == 0 else _num(v)

    spec = data.spec
    t2: list[list[Cell]] = []
    for block in spec.table2:
        t2.append([block.label])
        t2.append(["信息内容", *(c.label for c in block.columns)])
        for row in block.rows:
            vals = data.table2[row.label]
            t2.append([shown.get(row.label, row.label), *(
                cell("table2", row.label, i, v) + ("万元" if c.kind == "money" and c.unit not in c.label and v else "")
                for i, (c, v) in enumerate(zip(block.columns, vals, strict=True)))])
    t3: list[list[Cell]] = [
        [TABLE3_CORNER, "申请人情况"],
        [TABLE3_COLUMNS[0].label, TABLE3_LEGAL_PERSON_GROUP, TABLE3_COLUMNS[-1].label],
        [c.label for c in TABLE3_COLUMNS[1:-1]],
    ]
    seen: set[str] = set()
    for row in spec.table3_rows:
        vals = [cell("table3", row.label, i, v) for i, v in enumerate(data.table3[row.label])]
        lead: list[Cell] = []
        if row.key == "r1":
            lead.append("三、本年度办理结果")
        if row.item:
            if row.group not in seen:
                seen.add(row.group)
                lead.append(row.group)
            lead.append(shown.get(row.label, row.item))
        else:
            lead.append(shown.get(row.label, row.label))
        t3.append([*lead, *vals])
    t4 = [
        ["行政复议", TABLE4_SUPER_GROUP],
        ["未经复议直接起诉", "复议后起诉"],
        [r for _k, r in TABLE4_RESULTS] * 3,
        [cell("table4", "", i, v) for i, v in enumerate(data.table4)],
    ]
    return {"二": t2, "三": t3, "四": t4}


def title_of(data: ReportData) -> str:
    return f"{data.agency}{data.year}年政府信息公开工作年度报告"


def document(data: ReportData, tables: dict[str, list[list[Cell]]], render_table, paragraph=lambda t: t,
             extra: dict[str, list[str]] | None = None) -> list[str]:
    """The report as a list of lines: title, each section's heading, table (rendered by
    `render_table`) and paragraphs; `extra` puts further lines after a section's table."""
    lines = [title_of(data)]
    for s in data.spec.sections:
        lines.append(f"{s.number}、{s.title}")
        if s.number in tables:
            lines += render_table(tables[s.number])
        lines += (extra or {}).get(s.number, [])
        lines += [paragraph(p) for p in data.sections.get(s.number, "").split("\n") if p.strip()]
    return lines


def cell_per_line(rows: list[list[Cell]]) -> list[str]:
    """(a) A web page copied as text: every cell on its own line, an empty cell an empty line."""
    return [c for row in rows for c in row]


def markdown(rows: list[list[Cell]]) -> list[str]:
    """(b) PDF → Markdown: a row per line; an empty cell vanishes (the row has fewer | cells)."""
    out = []
    for i, row in enumerate(rows):
        cells = [c for c in row if c != BLANK_CELL]
        out.append("| " + " | ".join(cells) + " |")
        if i == 0:
            out.append("|" + "---|" * max(1, len(cells)))
    return out


def flattened(rows: list[list[Cell]]) -> list[str]:
    """(c) Cell boundaries lost: a row's cells run together ("713000074")."""
    return ["".join(row) for row in rows]


def html_table(rows: list[list[Cell]]) -> list[str]:
    return ["<table>", *("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows), "</table>"]


def zero_cells(data: ReportData) -> list[tuple[str, str, int]]:
    out = [("table2", label, i) for label, vals in data.table2.items() for i, v in enumerate(vals) if v == 0]
    out += [("table3", label, i) for label, vals in data.table3.items() for i, v in enumerate(vals) if v == 0]
    out += [("table4", "", i) for i, v in enumerate(data.table4) if v == 0]
    return out


@st.composite
def blank_zeros(draw, data: ReportData, tables: tuple[str, ...] = ("table2", "table3", "table4")) -> set:
    """Which zero cells are printed empty: none, all, or some."""
    zeros = [z for z in zero_cells(data) if z[0] in tables]
    mode = draw(st.sampled_from(("all", "some", "none")))
    if mode == "all":
        return set(zeros)
    if mode == "none" or not zeros:
        return set()
    return set(draw(st.lists(st.sampled_from(zeros), unique=True, max_size=len(zeros))))


EXTRA_TABLES = (
    ("信息处理费收取情况", [["项目", "2023年", "2022年"], ["收费笔数", "3", "0"], ["金额（元）", "450", "0"]]),
    ("政务新媒体情况", [["名称", "类型", "发布信息数（2023年）"], ["某某发布", "微信公众号", "1265"], ["某某政务", "微博", "380"]]),
    ("2023年度重点领域信息公开情况", [["领域", "条数"], ["财政预决算", "35"], ["重大建设项目", "12"]]),
)
