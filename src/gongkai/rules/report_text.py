"""Drafting the figure paragraphs of an annual report (section 一 总体情况, and the fee line of 六).

Pure: takes the figures, returns text in the register real reports use ("政府网站公开信息1369条，
占比84.35%"). Shares are rounded HALF-UP to two decimals (1369/1623 → 84.35%, not the truncated
84.34% a hand-written report printed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from gongkai.rules.formats import FORMAT_2021

if TYPE_CHECKING:
    from gongkai.rules.report_data import ReportData


def share(part: int | float, total: int | float) -> str:
    """`part` as a percentage of `total`, rounded half-up to two decimals: 1369/1623 → "84.35%".

    Whole percentages print without decimals ("100%", "0%"); a zero total gives "0%".
    """
    if not total:
        return "0%"
    value = (Decimal(str(part)) * 100 / Decimal(str(total))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return f"{int(value)}%"
    return f"{value}%"


def yuan(amount: Decimal | int | float) -> str:
    """Money in 元 as printed: 3940 → "3940", 12.5 → "12.50"."""
    d = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return str(int(d)) if d == d.to_integral_value() else str(d)


@dataclass(frozen=True)
class Channels:
    total: int = 0
    website: int = 0
    new_media: int = 0
    wechat: int = 0
    weibo: int = 0
    other_new_media: int = 0
    traditional: int = 0


@dataclass(frozen=True)
class Mailbox:
    """The leader's mailbox in the year (interactions.reporting.mailbox_stats): letters received,
    answered, and answered in public."""

    received: int = 0
    answered: int = 0
    published: int = 0


def _group_name(group: str) -> str:
    """A table-3 result group as a paragraph names it: "（二）部分公开（区分处理的，…）" → "部分公开"."""
    return group.split("）", 1)[1].split("（", 1)[0]


# (group key, name) of the result groups （一）…（六） of table 3, in order: ("r1", "予以公开"), …
# The key is the prefix of the group's row keys (r3 → r3_1 … r3_8), the same in both formats.
OUTCOME_GROUPS: tuple[tuple[str, str], ...] = tuple(
    dict.fromkeys((row.key[:2], _group_name(row.group)) for row in FORMAT_2021.table3_result_rows)
)


@dataclass(frozen=True)
class Outcomes:
    """Table-3 column 总计 figures for the paragraph on applications."""

    new: int = 0
    carried_in: int = 0
    finished: int = 0  # （七）总计
    carried_out: int = 0
    groups: Mapping[str, int] = field(default_factory=dict)  # OUTCOME_GROUPS key → 总计 of the group


@dataclass(frozen=True)
class Previous:
    """Last year's figures (from the agency's previous report) that section 一 compares with."""

    year: int
    new: int  # 新收政府信息公开申请 (table 3, 总计 column)
    reconsiderations: int  # table 4 行政复议 总计
    lawsuits: int  # table 4 行政诉讼 总计 (both columns)


def previous_of(data: ReportData) -> Previous | None:
    """The comparable figures of a report (None without a year)."""
    if not data.year:
        return None
    return Previous(year=data.year, new=int(data.t3("new")[6]), reconsiderations=int(data.table4[4]),
                    lawsuits=int(data.table4[9] + data.table4[14]))


def compared(now: int, before: int) -> str:
    """"较上年增加3件" / "较上年减少2件" / "与上年持平"."""
    if now == before:
        return "与上年持平"
    return f"较上年{'增加' if now > before else '减少'}{abs(now - before)}件"


@dataclass(frozen=True)
class OverviewFigures:
    year: int
    channels: Channels = field(default_factory=Channels)
    interpretations: int = 0
    documents_requiring: int = 0
    documents_interpreted: int = 0
    late: int = 0
    mailbox: Mailbox = field(default_factory=Mailbox)
    surveys: int = 0
    applications: Outcomes = field(default_factory=Outcomes)
    reconsiderations: int = 0
    lawsuits: int = 0
    previous: Previous | None = None  # last year's report, when there is one: 同比 in 依申请 and 复议诉讼


def proactive_paragraph(f: OverviewFigures) -> str:
    c = f.channels
    media = [f"其中政务微信公开信息{c.wechat}条", f"政务微博公开信息{c.weibo}条"]
    if c.other_new_media:
        media.append(f"其他政务新媒体公开信息{c.other_new_media}条")
    text = (
        f"（一）主动公开政府信息情况。{f.year}年，累计主动公开政府信息{c.total}条。"
        f"从公开渠道来看，政府网站公开信息{c.website}条，占比{share(c.website, c.total)}；"
        f"政务新媒体公开信息{c.new_media}条，占比{share(c.new_media, c.total)}，{'，'.join(media)}；"
        f"通过报刊、广播、电视、政务服务场所等传统公开载体公开信息{c.traditional}条，"
        f"占比{share(c.traditional, c.total)}。"
    )
    if f.late:
        text += f"有{f.late}条信息未在形成或者变更之日起20个工作日内公开。"
    else:
        text += "主动公开的政府信息均在形成或者变更之日起20个工作日内公开。"
    return text


def interpretation_paragraph(f: OverviewFigures) -> str:
    rate = share(f.documents_interpreted, f.documents_requiring) if f.documents_requiring else "100%"
    return (
        f"（二）政策解读情况。发布政策解读信息{f.interpretations}条，"
        f"需要解读的规章、规范性文件和重大政策文件{f.documents_requiring}件，已解读{f.documents_interpreted}件，"
        f"解读率{rate}。"
    )


def response_paragraph(f: OverviewFigures) -> str:
    m = f.mailbox
    return (
        f"（三）回应关切情况。{f.year}年，收到领导信箱来信{m.received}件，已答复{m.answered}件，"
        f"公开回复{m.published}件；开展网上调查{f.surveys}期。"
    )


def application_paragraph(f: OverviewFigures) -> str:
    a = f.applications
    text = (
        f"（四）依申请公开情况。{f.year}年，新收政府信息公开申请{a.new}件，"
        + (f"{compared(a.new, f.previous.new)}（{f.previous.year}年为{f.previous.new}件），" if f.previous else "")
        + f"上年结转政府信息公开申请{a.carried_in}件，全年办结{a.finished}件，结转下年度继续办理{a.carried_out}件。"
    )
    parts = [(name, a.groups.get(key, 0)) for key, name in OUTCOME_GROUPS]
    if a.finished:
        listed = "，".join(f"{name}{n}件、占比{share(n, a.finished)}" for name, n in parts if n)
        text += f"已办结的申请中，{listed}。"
    return text


def appeal_paragraph(f: OverviewFigures) -> str:
    p = f.previous
    if not f.reconsiderations and not f.lawsuits:
        text = "（五）行政复议、行政诉讼情况。本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
        if p and (p.reconsiderations or p.lawsuits):
            text += f"{p.year}年为行政复议{p.reconsiderations}件、行政诉讼{p.lawsuits}件。"
        return text
    text = (
        f"（五）行政复议、行政诉讼情况。本年度因政府信息公开工作被申请行政复议{f.reconsiderations}件，"
        f"被提起行政诉讼{f.lawsuits}件。"
    )
    if p:
        text += (f"与{p.year}年相比，行政复议{compared(f.reconsiderations, p.reconsiderations).removeprefix('较上年')}，"
                 f"行政诉讼{compared(f.lawsuits, p.lawsuits).removeprefix('较上年')}。")
    return text


def draft_overview(f: OverviewFigures) -> str:
    """The drafted figure paragraphs of section 一 总体情况, one paragraph per line."""
    return "\n".join(
        (
            proactive_paragraph(f),
            interpretation_paragraph(f),
            response_paragraph(f),
            application_paragraph(f),
            appeal_paragraph(f),
        )
    )


def fee_sentence(year: int, fee_yuan: Decimal | int | float, closed_unpaid: int = 0) -> str:
    """Section 六 (2021 format): the 信息处理费 collected under 国办函〔2020〕109号."""
    text = f"{year}年，本机关依据《政府信息公开信息处理费管理办法》收取信息处理费{yuan(fee_yuan)}元。"
    if closed_unpaid:
        text += f"因申请人逾期未缴纳信息处理费而不再处理的申请{closed_unpaid}件。"
    return text
