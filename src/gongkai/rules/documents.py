"""The statutory documents of an application (依申请公开): their kinds, 发文字号, dates and wording.

Pure: the case's facts come in as plain values, the paragraphs of each letter come out. The layout they
are set in (《党政机关公文格式》GB/T 9704-2012) is stated here as numbers; `common.gongwen` renders it.

- 补正告知书: 《条例》第三十条 — what to supplement, a reasonable period, what happens if nothing comes.
- 延期答复告知书: 第三十三条第二款 — reason, extension ≤ 20 working days, the new due date.
- 征求意见函: 第三十二条 (third party) / 第三十四条 (other agencies), 15 working days; with the notice to
  the applicant that the time is not counted in the reply period (第三十三条第三款).
- 收费通知书: 国办函〔2020〕109号 — 依据、标准、数额、缴纳方式, payment "收到本通知次日起20个工作日内".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from gongkai.rules.clock import CONSULTATION_WORKDAYS, FEE_PAYMENT_WORKDAYS
from gongkai.rules.outcomes import REGULATION

FEE_REGULATION = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

# GB/T 9704-2012 §5.2: A4; 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm; §7.2: body 3号仿宋 22 lines × 28 characters;
# §7.3.1: title 2号小标宋. 3号 = 16 pt, 2号 = 22 pt.
PAGE_MM = (210, 297)
TOP_MM = 37
LEFT_MM = 28
TYPE_AREA_MM = (156, 225)
RIGHT_MM = PAGE_MM[0] - LEFT_MM - TYPE_AREA_MM[0]  # 26
BOTTOM_MM = PAGE_MM[1] - TOP_MM - TYPE_AREA_MM[1]  # 35
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_PT = 16
TITLE_PT = 22
LINE_PITCH_PT = TYPE_AREA_MM[1] / LINES_PER_PAGE * 72 / 25.4  # ≈ 28.99 pt


class DocKind(StrEnum):
    REPLY = "reply"
    CORRECTION = "correction"
    EXTENSION = "extension"
    CONSULTATION = "consultation"
    PAUSE = "pause"
    FEE = "fee"


DOC_KIND_LABELS: dict[DocKind, str] = {
    DocKind.REPLY: "答复告知书",
    DocKind.CORRECTION: "补正告知书",
    DocKind.EXTENSION: "延期答复告知书",
    DocKind.CONSULTATION: "征求意见函",
    DocKind.PAUSE: "暂停计算答复期限告知书",
    DocKind.FEE: "收费通知书",
}

# the kind's part of the 机关代字 (each kind numbers on its own, per agency and year)
DOC_KIND_CODES: dict[DocKind, str] = {
    DocKind.REPLY: "依申请答",
    DocKind.CORRECTION: "依申请补",
    DocKind.EXTENSION: "依申请延",
    DocKind.CONSULTATION: "依申请征",
    DocKind.PAUSE: "依申请停",
    DocKind.FEE: "依申请费",
}

TITLES: dict[DocKind, str] = {
    DocKind.CORRECTION: "政府信息公开申请补正告知书",
    DocKind.EXTENSION: "政府信息公开申请延期答复告知书",
    DocKind.CONSULTATION: "政府信息公开征求意见函",
    DocKind.PAUSE: "政府信息公开申请答复期限暂停计算告知书",
    DocKind.FEE: "政府信息公开信息处理费收费通知书",
}


def doc_number(code: str, year: int, serial: int) -> str:
    """发文字号 (GB/T 9704 §7.2.4): 机关代字〔年份〕序号号 — 〔〕 around the year, no 第, no leading zeros."""
    if serial < 1:
        raise ValueError("发文序号从1开始。")
    if not code.strip():
        raise ValueError("机关代字不能为空。")
    return f"{code.strip()}〔{year}〕{int(serial)}号"


def cn_date(d: dt.date | None) -> str:
    """成文日期 in full (GB/T 9704 §7.3.5.1): 2026年12月1日 (no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


@dataclass(frozen=True)
class Letter:
    """One letter, ready to set: everything the layout prints, in order."""

    title: str
    number: str
    salutation: str
    paragraphs: list[str]
    signature: str
    date: str
    contact: list[str] = field(default_factory=list)  # 联系人、电话、地址 lines below the signature block


def contact_lines(person: str, phone: str, address: str) -> list[str]:
    return [x for x in (f"联系人：{person}" if person else "", f"联系电话：{phone}" if phone else "",
                        f"通信地址：{address}" if address else "") if x]


def _received(received: dt.date | None, info: str, tracking_code: str) -> str:
    return (f"本机关于{cn_date(received)}收到您提出的政府信息公开申请（查询码：{tracking_code}），"
            f"申请获取“{info}”。")


def correction_paragraphs(*, received: dt.date | None, info: str, tracking_code: str, items: str,
                          deadline: dt.date, requested: dt.date) -> list[str]:
    return [
        _received(received, info, tracking_code) + "经审查，您的申请内容不够明确，本机关无法据此确定您所需要的政府信息。",
        f"根据{REGULATION}第三十条的规定，请您对以下事项作出补正：{items}",
        f"请您于{cn_date(deadline)}前（自本告知书发出之日{cn_date(requested)}起计算）向本机关提交补正后的申请。"
        "答复期限自本机关收到补正后的申请之日起计算。",
        "您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]


def extension_paragraphs(*, received: dt.date | None, info: str, tracking_code: str, reason: str, days: int,
                         new_due: dt.date | None) -> list[str]:
    due = f"，答复期限延长至{cn_date(new_due)}" if new_due else ""
    return [
        _received(received, info, tracking_code),
        f"因{reason.rstrip('。')}，本机关不能在规定期限内作出答复。根据{REGULATION}第三十三条第二款的规定，"
        f"经本机关政府信息公开工作机构负责人同意，答复期限延长{days}个工作日{due}。",
        "征求第三方和其他机关意见所需时间不计算在上述期限内。特此告知。",
    ]


def consultation_paragraphs(*, third_party: bool, party: str, received: dt.date | None, info: str,
                            applicant_is_person: bool, due: dt.date | None) -> list[str]:
    who = "一名申请人" if applicant_is_person else "一家单位"
    art = "第三十二条" if third_party else "第三十四条"
    ground = ("可能涉及贵方的商业秘密、个人隐私等合法权益，公开后可能损害贵方合法权益" if third_party
              else "涉及贵机关，需要征求贵机关的意见")
    until = f"（即{cn_date(due)}前）" if due else ""
    silence = ("逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。"
               "第三方不同意公开且有合理理由的，本机关不予公开；但本机关认为不公开可能对公共利益造成重大影响的，"
               "可以决定予以公开，并将决定公开的内容和理由书面告知贵方。" if third_party
               else "逾期未提出意见的，视为同意公开。")
    return [
        f"本机关于{cn_date(received)}收到{who}提出的政府信息公开申请，申请获取“{info}”。该信息{ground}。",
        f"根据{REGULATION}{art}的规定，现书面征求贵方意见。请于收到本函之日起{CONSULTATION_WORKDAYS}个工作日内{until}"
        "以书面形式提出是否同意公开的意见；不同意公开的，请说明理由。",
        silence,
    ]


def pause_paragraphs(*, third_party: bool, party: str, received: dt.date | None, info: str, tracking_code: str,
                     on: dt.date) -> list[str]:
    art = "第三十二条" if third_party else "第三十四条"
    whom = "第三方" if third_party else "其他机关"
    return [
        _received(received, info, tracking_code),
        f"您申请的政府信息涉及{whom}（{party}），本机关已于{cn_date(on)}依照{REGULATION}{art}的规定书面征求其意见。"
        f"根据{REGULATION}第三十三条第三款的规定，征求意见所需时间不计算在答复期限内，答复期限自{cn_date(on)}起暂停计算，"
        "待征求意见结束后继续计算。特此告知。",
    ]


def fee_paragraphs(*, received: dt.date | None, info: str, tracking_code: str, method_label: str,
                   standard: str, calculation: str, amount: str, payment: str) -> list[str]:
    return [
        _received(received, info, tracking_code),
        f"收费依据：{REGULATION}第四十二条、{FEE_REGULATION}。",
        f"收费标准：{method_label}，{standard}",
        f"收费数额：{calculation}，应缴信息处理费{amount}元。",
        f"缴纳方式：{payment}",
        f"请您自收到本通知次日起{FEE_PAYMENT_WORKDAYS}个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        "自本通知发出之日至您缴纳费用之日，不计算在答复期限内。",
    ]


ITEM_STANDARD = "同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件（含30件）的部分，按100元/件收取；" \
                "31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件。"
VOLUME_STANDARD = "同一申请件30页以下（含30页）的，不收费；31—100页（含100页）的部分，按10元/页收取；" \
                  "101—200页（含200页）的部分，按20元/页收取；201页以上的部分，按40元/页收取。"


def fee_calculation(method: str, *, earlier_this_month: int = 0, items: int = 1, pages: int = 0) -> str:
    """The page / item calculation printed on the 收费通知书, band by band (sums to rules.fees.compute_fee)."""
    from gongkai.rules import fees

    if fees.FeeMethod(method) is fees.FeeMethod.BY_COUNT:
        first, last = earlier_this_month + 1, earlier_this_month + items
        parts = [f"第{k}件{fees.fee_per_item(k)}元" for k in range(first, last + 1)]
        total = fees.fee_by_count(earlier_this_month, items)
        return (f"您本自然月内此前已提出{earlier_this_month}件申请，本申请计{items}件（本月第{first}"
                + (f"—{last}" if last > first else "") + f"件）：{'，'.join(parts)}，合计{total}元")
    parts = []
    for lo, hi, rate in fees.VOLUME_BANDS:
        upper = pages if hi is None else min(pages, hi)
        if upper >= lo:
            n = upper - lo + 1
            parts.append(f"第{lo}—{upper}页{n}页×{rate}元＝{n * rate}元")
    head = f"本申请提供的信息共{pages}页，其中{fees.FREE_PAGES}页以下（含{fees.FREE_PAGES}页）不收费"
    return head + ("；" + "；".join(parts) if parts else "") + f"；合计{fees.fee_by_volume(pages)}元"
