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


def basis(channel: Channel | str) -> str:
    channel = Channel(channel)
    if channel in (Channel.IN_PERSON, Channel.ORAL):
        return "《条例》第三十一条第（一）项：当面提交的，以提交之日为收到申请之日"
    if channel is Channel.REGISTERED_POST:
        return "《条例》第三十一条第（二）项：以邮寄方式提交的，以行政机关签收之日为收到申请之日"
    if channel is Channel.ORDINARY_POST:
        return "《条例》第三十一条第（二）项：平常信函等无需签收的，以双方确认之日为收到申请之日"
    return "《条例》第三十一条第（三）项：通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日"
