"""Report checks (rules.md §2.5): L1–L6 within one report, X1, X2, X4 across two years, X3 against
the text, and a 内容雷同 score between two years' texts.

    check_report(report, previous=None) -> list[Finding]      # L1–L6 (error); X1, X2, X4 (warning)
    check_text_figures(report) -> list[Finding]               # X3 (warning), see rules.textfigures
    check_similarity(report, previous) -> list[Finding]       # 内容雷同 per section (warning), rules.evaluation
    similarity(text_a, text_b) -> float                       # 0..1, share of this year's text repeated
    run_checks(report, previous=None, published=None)         # all of the above, + rules.evaluation's

The checks read a ReportData from either source (computed from the ledgers, or parsed from a
published report); rows missing from a table are read as zeros (the parser reports them itself).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence

from gongkai.rules.formats import (
    TABLE3_COLUMNS,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_RESULTS,
    TABLE4_SUPER_GROUP,
    ReportFormat,
)
from gongkai.rules.report_data import Finding, Number, ReportData

T3_COLS = tuple(c.label for c in TABLE3_COLUMNS)
_T3_TOTAL = len(TABLE3_COLUMNS) - 1  # the 总计 column, the sum of the applicant columns before it (L3)
_T4_GROUP = len(TABLE4_RESULTS)  # cells per group of table 4
_T4_TOTAL = [k for k, _label in TABLE4_RESULTS].index("total")
DOCUMENTS_BLOCK = "A20_01"  # 第二十条第（一）项: 规章 and 规范性文件, counted across years by X2


def check_report(report: ReportData, previous: ReportData | None = None) -> list[Finding]:
    """L1–L6 (errors) and, given the previous year's report of the same agency, X1, X2, X4 (warnings)."""
    findings: list[Finding] = []
    findings += _check_l6(report)
    findings += _check_l3(report)
    findings += _check_l4(report)
    findings += _check_l1_l2(report)
    findings += _check_l5(report)
    if previous is not None:
        findings += check_previous(report, previous)
    return findings


def check_text_figures(report: ReportData, figures=None) -> list[Finding]:  # type: ignore[no-untyped-def]
    """X3: the figures the text states against the tables (and the printed shares recomputed);
    `figures`: rules.textfigures.TextFigures already read from the prose."""
    from gongkai.rules.textfigures import check_text_figures as _x3

    return _x3(report, figures)


# --- helpers ---------------------------------------------------------------------------------------
def _fmt(v: Number) -> str:
    if isinstance(v, float):
        return f"{v:g}" if v != int(v) else str(int(v))
    return str(v)


def _row(report: ReportData, key: str) -> list[Number]:
    spec = report.spec
    try:
        label = spec.table3_row(key).label
    except KeyError:
        return [0] * 7
    values = list(report.table3.get(label, []))
    return (values + [0] * 7)[:7]


def _t3_label(spec: ReportFormat, key: str) -> str:
    return spec.table3_row(key).label


def _sum(values: Iterable[Number]) -> Number:
    total: Number = 0
    for v in values:
        total += v
    return total


def _eq(a: Number, b: Number) -> bool:
    return abs(a - b) < 1e-9


# --- L6: non-negative integers ---------------------------------------------------------------------
def _check_l6(report: ReportData) -> Iterator[Finding]:
    spec = report.spec
    for block, row in spec.table2_rows:
        values = report.table2.get(row.label, [])
        for col, v in zip(block.columns, values, strict=False):
            where = f"表二 {block.label} {row.label} / {col.label}"
            if col.kind == "signed":
                if not _is_int(v):
                    yield _l6(where, v, "应为整数（可为负数，表示减少）")
            elif col.kind == "money":
                if v < 0:
                    yield _l6(where, v, "金额不能为负数")
            elif not _is_int(v) or v < 0:
                yield _l6(where, v, "应为非负整数（件数）")
    for row in spec.table3_rows:
        for i, v in enumerate(report.table3.get(row.label, [])[:7]):
            if not _is_int(v) or v < 0:
                yield _l6(f"表三 {row.label} / {T3_COLS[i]}", v, "申请件数应为非负整数")
    for i, v in enumerate(report.table4[: len(TABLE4_COLUMNS)]):
        if not _is_int(v) or v < 0:
            yield _l6(f"表四 {_t4_col(i)}", v, "案件数应为非负整数")


def _is_int(v: Number) -> bool:
    return isinstance(v, int) or (isinstance(v, float) and v.is_integer())


def _l6(where: str, v: Number, why: str) -> Finding:
    return Finding.error("L6", where, f"{where} 填写为 {_fmt(v)}，{why}。请核对原始台账后更正该单元格。")


def _t4_col(i: int) -> str:
    group = TABLE4_GROUPS[i // _T4_GROUP]
    name = group[1] if group[0] == "reconsideration" else f"{TABLE4_SUPER_GROUP}（{group[1]}）"
    return f"{name} / {TABLE4_RESULTS[i % _T4_GROUP][1]}"


# --- L3: row sums of table 3 -----------------------------------------------------------------------
def _check_l3(report: ReportData) -> Iterator[Finding]:
    for row in report.spec.table3_rows:
        values = report.table3.get(row.label)
        if not values or len(values) < len(TABLE3_COLUMNS):
            continue
        parts = _sum(values[:_T3_TOTAL])
        if not _eq(parts, values[_T3_TOTAL]):
            yield Finding.error(
                "L3", f"表三 {row.label} / 总计",
                f"表三“{row.label}”一行：自然人与各类法人或其他组织之和为 {_fmt(parts)}，"
                f"但“总计”列填写为 {_fmt(values[_T3_TOTAL])}。总计应等于前六列之和，请核对该行各列数值。"
            )


# --- L4: results add up to （七）总计 ----------------------------------------------------------------
def _outcome_sums(report: ReportData) -> list[Number]:
    """Per column of table 3, the sum of the result rows （一）…（六） (what （七）总计 should say)."""
    result_rows = [_row(report, k) for k in report.spec.outcome_keys]
    return [_sum(r[c] for r in result_rows) for c in range(len(TABLE3_COLUMNS))]


def _check_l4(report: ReportData) -> Iterator[Finding]:
    total = _row(report, "total")
    for c, s in enumerate(_outcome_sums(report)):
        if not _eq(s, total[c]):
            yield Finding.error(
                "L4", f"表三 （七）总计 / {T3_COLS[c]}",
                f"表三“{T3_COLS[c]}”列：（一）至（六）各项办理结果之和为 {_fmt(s)}，"
                f"但“（七）总计”填写为 {_fmt(total[c])}。总计应等于各办理结果之和，"
                "请核对该列各办理结果及总计。"
            )


# --- L1 (column balance) and L2 (each application counted once) ------------------------------------
def _check_l1_l2(report: ReportData) -> Iterator[Finding]:
    new, carried_in = _row(report, "new"), _row(report, "carried_in")
    total, carried_out = _row(report, "total"), _row(report, "carried_out")
    for c, outcomes in enumerate(_outcome_sums(report)):
        received = new[c] + carried_in[c]
        handled = total[c] + carried_out[c]
        col = T3_COLS[c]
        if not _eq(received, handled):
            yield Finding.error(
                "L1", f"表三 {col} 列",
                f"表三“{col}”列不满足勾稽关系：第一项（本年新收 {_fmt(new[c])}）加第二项"
                f"（上年结转 {_fmt(carried_in[c])}）之和为 {_fmt(received)}，第三项（总计 {_fmt(total[c])}）"
                f"加第四项（结转下年度 {_fmt(carried_out[c])}）之和为 {_fmt(handled)}。"
                "请核对该列的新收、结转和办理结果数。"
            )
        if outcomes > received:
            yield Finding.error(
                "L2", f"表三 三、本年度办理结果 / {col}",
                f"表三“{col}”列：各项办理结果之和 {_fmt(outcomes)} 件，超过本年新收与上年结转之和 "
                f"{_fmt(received)} 件，同一申请可能被计入了多个办理结果。每件申请只计一种办理结果"
                "（区分处理的只计“部分公开”），请逐件核对后更正。"
            )


# --- L5: table 4 group totals ----------------------------------------------------------------------
def _check_l5(report: ReportData) -> Iterator[Finding]:
    t4 = (list(report.table4) + [0] * len(TABLE4_COLUMNS))[: len(TABLE4_COLUMNS)]
    for g, group in enumerate(TABLE4_GROUPS):
        cells = t4[g * _T4_GROUP : (g + 1) * _T4_GROUP]
        total = cells[_T4_TOTAL]
        parts = [v for i, v in enumerate(cells) if i != _T4_TOTAL]
        if not _eq(_sum(parts), total):
            name = group[1] if group[0] == "reconsideration" else f"{TABLE4_SUPER_GROUP}（{group[1]}）"
            yield Finding.error(
                "L5", f"表四 {name} / 总计",
                f"表四“{name}”：结果维持 {_fmt(parts[0])}、结果纠正 {_fmt(parts[1])}、其他结果 "
                f"{_fmt(parts[2])}、尚未审结 {_fmt(parts[3])} 之和为 {_fmt(_sum(parts))}，"
                f"但“总计”填写为 {_fmt(total)}。总计应等于四项之和，请核对。"
            )


# --- X1, X2, X4: two consecutive years of one agency -----------------------------------------------
def check_previous(report: ReportData, previous: ReportData) -> list[Finding]:
    out: list[Finding] = []
    if report.year and previous.year and previous.year != report.year - 1:
        out.append(Finding.warning(
            "X1", "上年报告",
            f"用于比对的上年报告是 {previous.year} 年的，不是 {report.year - 1} 年的，跨年核对结果仅供参考。"
        ))
    carried_in = _row(report, "carried_in")
    prev_out = _row(previous, "carried_out")
    for c in range(7):
        if not _eq(carried_in[c], prev_out[c]):
            col = T3_COLS[c]
            out.append(Finding.warning(
                "X1", f"表三 二、上年结转政府信息公开申请数量 / {col}",
                f"表三“二、上年结转”“{col}”列为 {_fmt(carried_in[c])}，但上年报告“四、结转下年度继续办理”"
                f"为 {_fmt(prev_out[c])}，两者应相等。请核对上年结转的申请。"
            ))
    if report.format == "2021" and previous.format == "2021":
        out += _check_x2(report, previous)
    if report.format == "2019" and previous.format == "2019":
        out += _check_x4(report, previous)
    return out


def _t2(report: ReportData, label: str) -> Sequence[Number] | None:
    return report.table2.get(label)


def _check_x2(report: ReportData, previous: ReportData) -> Iterator[Finding]:
    block = next(b for b in report.spec.table2 if b.key == DOCUMENTS_BLOCK)
    keys = [c.key for c in block.columns]
    made, repealed, in_force = keys.index("made"), keys.index("repealed"), keys.index("in_force")
    for row in block.rows:
        label = row.label
        cur, prev = _t2(report, label), _t2(previous, label)
        if not cur or not prev or len(cur) < len(keys) or len(prev) < len(keys):
            continue
        expected = prev[in_force] + cur[made] - cur[repealed]
        if not _eq(expected, cur[in_force]):
            yield Finding.warning(
                "X2", f"表二 {block.label} {label} / {block.columns[in_force].label}",
                f"表二“{label}”现行有效件数为 {_fmt(cur[in_force])}，但上年现行有效 {_fmt(prev[in_force])} 件加本年制发 "
                f"{_fmt(cur[made])} 件、减本年废止 {_fmt(cur[repealed])} 件应为 {_fmt(expected)} 件。"
                "如有修订、自然失效等情况，请在表下注明；否则请核对。"
            )


def _check_x4(report: ReportData, previous: ReportData) -> Iterator[Finding]:
    spec = report.spec
    for block, row in spec.table2_rows:
        keys = [c.key for c in block.columns]
        if "previous" not in keys or "delta" not in keys:
            continue
        cur, prev = _t2(report, row.label), _t2(previous, row.label)
        if not cur or not prev:
            continue
        ip, idelta = keys.index("previous"), keys.index("delta")
        expected = prev[ip] + prev[idelta]
        if not _eq(expected, cur[ip]):
            yield Finding.warning(
                "X4", f"表二 {block.label} {row.label} / 上一年项目数量",
                f"表二“{row.label}”上一年项目数量为 {_fmt(cur[ip])}，但上年报告中上一年项目数量 {_fmt(prev[ip])} "
                f"加本年增/减 {_fmt(prev[idelta])} 应为 {_fmt(expected)}。请核对。"
            )


# --- 内容雷同 -----------------------------------------------------------------------------------------
_NOISE = re.compile(r"[\s\d０-９.．,，、。;；:：%％()（）\-—“”\"'‘’《》【】\[\]]+")
SHINGLE = 8


def _shingles(text: str, k: int = SHINGLE) -> set[str]:
    s = _NOISE.sub("", text)
    return {s[i : i + k] for i in range(max(0, len(s) - k + 1))}


def similarity(text: str, previous_text: str) -> float:
    """How much of `text` repeats `previous_text`: the share of this year's 8-character shingles
    (digits, spaces and punctuation removed, so changed figures do not hide a copy) found in last
    year's text. 0 = nothing repeated, 1 = everything repeated."""
    mine = _shingles(text)
    if not mine:
        return 0.0
    theirs = _shingles(previous_text)
    return len(mine & theirs) / len(mine)


def check_similarity(report: ReportData, previous: ReportData, threshold: float | None = None) -> list[Finding]:
    """内容雷同: the sections ≥ 90% the same as last year's (character bigrams), named in one warning."""
    from gongkai.rules.evaluation import COPY_THRESHOLD, check_copied

    return check_copied(report, previous, COPY_THRESHOLD if threshold is None else threshold)


# --- 未填写: blank is not zero (the platform's own reports) ----------------------------------------
# A figure no ledger holds must be entered by hand (0 is a valid entry), and the sections the format
# and Art. 50 require must be written, before a report passes. Not part of `check_report`: a published
# report read by the auditor may leave a cell blank meaning 0 (its parser warns with BLANK_CELL); these
# checks are for a report that is being drafted, where a blank is a figure nobody entered yet.
UNFILLED = "UNFILLED"  # a table-2 cell in `report.blanks`: nobody entered it
UNFILLED_SECTION = "UNFILLED_SECTION"  # a required section is empty, or lacks what Art. 50 asks
MANUAL_FIGURES_FORM = "本报告页面的“表二手工填报数”"
TEXTS_FORM = "本报告页面的“编辑正文”"
REQUIRED_SECTIONS: tuple[str, ...] = ("一", "五")  # both formats; 二–四 are the tables
# 条例 Art. 50 (四): 各级人民政府的年度报告还应当包括工作考核、社会评议和责任追究结果情况
# (the 2021 format places them under 总体情况 / 监督保障). Each theme, and the words that state it.
GOVERNMENT_THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("工作考核", ("考核",)),
    ("社会评议", ("评议",)),
    ("责任追究", ("责任追究", "追责", "问责")),
)


def check_unfilled_figures(
    report: ReportData,
    where_to_enter: str = MANUAL_FIGURES_FORM,
    missing_at: dict[tuple[str, int], list[str]] | None = None,
) -> list[Finding]:
    """One error per table-2 cell listed in `report.blanks` ("table2", row label, column index).
    `missing_at` may name, per (row label, column index), the agencies that have not entered it
    (a roll-up sums several agencies' figures)."""
    out: list[Finding] = []
    blanks = {(label, c) for table, label, c in report.blanks if table == "table2"}
    for block, row in report.spec.table2_rows:
        for c, col in enumerate(block.columns):
            if (row.label, c) not in blanks:
                continue
            where = f"表二 {block.label} {row.label} / {col.label}"
            who = list((missing_at or {}).get((row.label, c), ()))
            by = f"（尚未填报的单位：{'、'.join(who)}）" if who else ""
            out.append(Finding.error(
                UNFILLED, where,
                f"未填写：{where}{by}。此数没有台账，须手工填报并注明来源；没有的填 0（0 也是有效的填报），"
                f"空白不能当作 0 发布。请在{where_to_enter}中填写。"
            ))
    return out


def check_required_sections(
    report: ReportData, is_government: bool = False, where_to_enter: str = TEXTS_FORM
) -> list[Finding]:
    """Sections 一 and 五 must not be empty (both formats); a government's report must also state
    its 工作考核、社会评议和责任追究结果情况 (Art. 50 (四))."""
    out: list[Finding] = []
    titles = {s.number: s.title for s in report.spec.sections}
    for number in REQUIRED_SECTIONS:
        if (report.sections.get(number) or "").strip():
            continue
        where = f"{number}、{titles[number]}"
        out.append(Finding.error(
            UNFILLED_SECTION, where,
            f"未填写：第{where}部分是年度报告格式要求的必备内容，目前为空。"
            f"请在{where_to_enter}的“{where}”中填写。"
        ))
    if is_government:
        text = report.text
        missing = [theme for theme, words in GOVERNMENT_THEMES if not any(w in text for w in words)]
        if missing:
            where = f"一、{titles['一']}（{'、'.join(t for t, _ in GOVERNMENT_THEMES)}结果情况）"
            out.append(Finding.error(
                UNFILLED_SECTION, where,
                f"未填写：人民政府的年度报告还应当包括工作考核、社会评议和责任追究结果情况（《条例》第五十条），"
                f"报告中没有写明{'、'.join(missing)}情况。请在{where_to_enter}的“一、总体情况：续写”"
                "（监督保障部分）中写明。"
            ))
    return out


def run_checks(
    report: ReportData,
    previous: ReportData | None = None,
    *,
    published: dt.date | None = None,
    is_government: bool | None = None,
    figures=None,  # type: ignore[no-untyped-def]
) -> list[Finding]:
    """Every check of a report: L1–L6; X3; given last year's report X1, X2, X4, 内容雷同 and the
    year-on-year advisory; given the publication date, Art. 49 on time (is_government: the 31 March
    deadline; by default judged from the agency's name)."""
    from gongkai.rules import evaluation

    findings = [*check_report(report, previous), *check_text_figures(report, figures)]
    if previous is not None:
        findings += check_similarity(report, previous)
        findings += evaluation.check_year_on_year(report, previous)
    if published is not None:
        gov = evaluation.is_government_name(report.agency) if is_government is None else is_government
        findings += evaluation.check_on_time(report.year, published, gov)
    return findings
