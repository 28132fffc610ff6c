"""The day an application counts as received (《条例》第三十一条; 国办公开办函〔2015〕207号).

(一) handed in person (incl. oral applications recorded by staff): the day it was handed in;
(二) by post: the day the agency signed for it; ordinary letters that need no signature: the day the
     disclosure office confirmed receipt with the applicant;
(三) online, email, or the disclosure office's fax: the day both sides confirmed.
Every deadline counts from this day (the day itself not counted).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Channel(StrEnum):
    IN_PERSON = "in_person"
    ORAL = "oral"
    REGISTERED_POST = "registered_post"
    ORDINARY_POST = "ordinary_post"
    ONLINE = "online"
    EMAIL = "email"
    FAX = "fax"


CHANNEL_LABELS: dict[Channel, str] = {
    Channel.IN_PERSON: "当面提交",
    Channel.ORAL: "口头提出（工作人员代为填写）",
    Channel.REGISTERED_POST: "邮寄（需签收）",
    Channel.ORDINARY_POST: "平常信函",
    Channel.ONLINE: "网上申请",
    Channel.EMAIL: "电子邮件",
    Channel.FAX: "传真",
}

# channels whose receipt date is the day both sides confirmed
NEEDS_CONFIRMATION = frozenset({Channel.ORDINARY_POST, Channel.ONLINE, Channel.EMAIL, Channel.FAX})


class ReceiptError(ValueError):
    """The message says in Chinese what is missing or wrong."""


def receipt_date(channel: Channel | str, arrival: dt.date, confirmed: dt.date | None = None) -> dt.date | None:
    """The Art. 31 receipt date, or None while a required confirmation is still outstanding.

    `arrival` is the raw arrival day (for registered post: the day the agency signed for it).
    """
    channel = Channel(channel)
    if channel in NEEDS_CONFIRMATION:
        if confirmed is None:
            return None
        if confirmed < arrival:
            raise ReceiptError(
                f"确认收到日期（{confirmed:%Y-%m-%d}）不能早于申请到达日期（{arrival:%Y-%m-%d}），请核对。"
            )
        return confirmed
    return arrival


def date_problems(arrival: dt.date | None, confirmed: dt.date | None, today: dt.date) -> dict[str, str]:
    """What is wrong with the dates an officer (or another system) registers an application with, as
    {"arrival_date" | "confirmed_date": Chinese message}; empty when nothing is. Neither day may lie after
    `today`: an application not yet received cannot be registered, a confirmation not yet made cannot be
    entered. (A confirmation before the arrival is `receipt_date`'s ReceiptError.) The workbench form, the
    registration action and the API all show these messages."""
    problems = {}
    if arrival is not None and arrival > today:
        problems["arrival_date"] = (f"到达日期 {arrival:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}），不能登记尚未收到的申请；"
                                    "请填写申请实际到达本机关的日期（邮寄为签收日）。")
    if problem := confirmation_problem(confirmed, today):
        problems["confirmed_date"] = f"{problem}，尚未确认的请留空，确认后再在案件页“确认收到”。"
    return problems


def confirmation_problem(confirmed: dt.date | None, today: dt.date) -> str:
    """The confirmation day's part of `date_problems` ("" when none), as the case page's "确认收到" says it
    (ending in "。" there; a registration goes on to say it may be left empty): a confirmation not yet made
    cannot be entered, neither when registering nor afterwards."""
    if confirmed is None or confirmed <= today:
        return ""
    return (f"双方确认收到日期 {confirmed:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}），不能登记尚未作出的确认；"
            "请填写与申请人实际确认收到的日期")


def basis(channel: Channel | str) -> str:
    channel = Channel(channel)
    if channel in (Channel.IN_PERSON, Channel.ORAL):
        return "《条例》第三十一条第（一）项：当面提交的，以提交之日为收到申请之日"
    if channel is Channel.REGISTERED_POST:
        return "《条例》第三十一条第（二）项：以邮寄方式提交的，以行政机关签收之日为收到申请之日"
    if channel is Channel.ORDINARY_POST:
        return "《条例》第三十一条第（二）项：平常信函等无需签收的，以双方确认之日为收到申请之日"
    return "《条例》第三十一条第（三）项：通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日"
