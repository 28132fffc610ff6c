"""Checks a third-party evaluator makes on an annual report (the published evaluations of Chinese
government transparency score these), pure:

    check_on_time(year, published, is_government) -> list[Finding]     # Art. 49 (LATE, warning)
    check_copied(report, previous, threshold=0.9) -> list[Finding]      # 内容雷同 per section (SIMILAR)
    check_year_on_year(report, previous) -> list[Finding]               # no 同比 in 一 (NO_YOY, advisory)
    bigram_similarity(a, b) -> float                                    # Dice coefficient of character bigrams
    is_government_name(name) -> bool                                   # whose deadline is 31 March
    find_publication_date(text) -> date | None                          # "发布时间：2021-01-25" …

An advisory is a warning whose message starts with "建议": the report is not wrong, it could be better.
"""

from __future__ import annotations

import datetime as dt
import re

from gongkai.rules.formats import SECTIONS
from gongkai.rules.report_data import Finding, ReportData
from gongkai.rules.report_deadline import deadline_rule, publication_deadline, who
from gongkai.rules.similarity import text_similarity

COPY_THRESHOLD = 0.9  # share of character bigrams two sections have in common: copied, not rewritten
# Sections shorter than this (after digits and punctuation are removed) say too little to be judged
# copied: "无。" this year and last is no 内容雷同.
MIN_SECTION_CHARS = 30

_NOISE = re.compile(r"[\s\d０-９.．,，、。;；:：%％()（）\-—“”\"'‘’《》【】\[\]·]+")
# phrases by which a report compares this year with last year
_YOY = re.compile(
    r"同比|环比|较上年|比上年|与上年相比|较去年|比去年|与去年相比|上年同期|较\d{4}年|比\d{4}年|与\d{4}年相比|"
    r"较上一年|比上一年|与上一年相比|(?:增长|增加|减少|下降|上升)\d+(?:\.\d+)?%"
)
_GOVERNMENT = re.compile(r"(?:人民政府|政府|管理委员会|管委会|行政公署)$")
_NOT_GOVERNMENT = re.compile(r"(?:办公室|办公厅|局|委员会|厅|委|办|中心|院|所)$")
_DATE_LABELLED = re.compile(
    r"(?:发布时间|发布日期|公开日期|成文日期|发文日期|日期|时间)\s*[:：]?\s*"
    r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
)
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def is_government_name(name: str | None) -> bool:
    """Whether an agency named so is a 人民政府 (Art. 49: its report is due 31 March), not a
    department (31 January). "…人民政府办公室" is a department; "…管委会" governs an area."""
    name = (name or "").strip()
    return bool(_GOVERNMENT.search(name)) and not name.endswith(("政府办公室", "政府办公厅"))


def find_publication_date(text: str, year: int | None = None) -> dt.date | None:
    """The publication date a document states: a labelled date ("发布时间：2021-01-25") first, else the
    date under the signature (the last "2021年1月25日" of the text); only dates after the statistics
    year count (a date inside it is an event the report tells of)."""
    candidates = [m for m in _DATE_LABELLED.finditer(text)]
    if not candidates:
        candidates = list(_DATE.finditer(text))[-1:]
    for m in candidates:
        try:
            d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        if year is None or d.year > year:
            return d
    return None


def check_on_time(year: int | None, published: dt.date | None, is_government: bool) -> list[Finding]:
    """Art. 49: a department publishes by 31 January, a government by 31 March of the next year."""
    if year is None or published is None:
        return []
    due = publication_deadline(year, is_government)
    if published <= due:
        return []
    late = (published - due).days
    return [
        Finding(
            "LATE",
            "warning",
            "发布时间",
            f"本报告发布于 {published:%Y年%-m月%-d日}，晚于《条例》第四十九条规定的期限（{who(is_government)}"
            f"应于{deadline_rule(year, is_government).phrase}前发布，即 {due:%Y年%-m月%-d日}）{late} 天。"
            "请按期发布年度报告。",
        )
    ]


def without_figures(text: str) -> str:
    """`text` without digits, whitespace and punctuation: what the copy check compares."""
    return _NOISE.sub("", text)


def bigram_similarity(a: str, b: str) -> float:
    """Dice coefficient of the two texts' character bigrams (rules.similarity) after `without_figures`, so
    that changed figures do not hide a copy: 1 = the same words, 0 = nothing in common."""
    return text_similarity(a, b, clean=without_figures)


def copied_sections(report: ReportData, previous: ReportData, threshold: float = COPY_THRESHOLD) -> dict[str, float]:
    """{section number: similarity} of the sections this year's report copies from last year's."""
    out: dict[str, float] = {}
    for section in SECTIONS:
        mine, theirs = report.sections.get(section.number, ""), previous.sections.get(section.number, "")
        if len(without_figures(mine)) < MIN_SECTION_CHARS or len(without_figures(theirs)) < MIN_SECTION_CHARS:
            continue
        score = bigram_similarity(mine, theirs)
        if score >= threshold:
            out[section.number] = score
    return out


def check_copied(report: ReportData, previous: ReportData, threshold: float = COPY_THRESHOLD) -> list[Finding]:
    copied = copied_sections(report, previous, threshold)
    if not copied:
        return []
    titles = {s.number: s.title for s in SECTIONS}
    named = "、".join(f"{n}、{titles[n]}（{score:.0%}）" for n, score in copied.items())
    return [
        Finding(
            "SIMILAR",
            "warning",
            "第" + "、".join(copied) + "部分",
            f"以下部分与上年报告内容雷同（字符相似度达 {threshold:.0%} 以上）：{named}。"
            "《年度报告格式》要求如实反映本年度工作，不得内容雷同、敷衍塞责，请按本年情况重写这些部分。",
        )
    ]


def has_year_on_year(text: str) -> bool:
    return bool(_YOY.search(re.sub(r"\s+", "", text)))


def check_year_on_year(report: ReportData, previous: ReportData | None) -> list[Finding]:
    """Advisory: section 一 should compare with last year's figures when there are any."""
    overview = report.sections.get("一", "")
    if previous is None or not overview or has_year_on_year(overview):
        return []
    return [
        Finding(
            "NO_YOY",
            "warning",
            "第一部分",
            f"建议：“一、总体情况”没有与上年（{previous.year or '上一年度'}）的数字作比较（如“同比增长”“较上年减少”）。"
            "上年报告的数字已有，写明主要指标的增减变化，便于公众了解工作进展。",
        )
    ]
