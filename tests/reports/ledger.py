"""Ledger rows for report tests (the ledgers' workflows are tested by their own apps): applications,
appeals, letters, surveys and disclosure items with their channel publications."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

_seq = itertools.count(1)


def application(agency, received: dt.date, applicant_type="natural_person", closed: dt.date | None = None,
                outcome_row: str = "", fee_paid: tuple[dt.date, str] | None = None):
    from gongkai.applications.models import Application

    n = next(_seq)
    return Application.objects.create(
        agency=agency, tracking_code=f"RT{n:08d}", applicant_type=applicant_type, applicant_name=f"申请人{n}",
        info_description="所需信息", channel="in_person", arrival_date=received, receipt_date=received,
        state="archived" if closed else "registered", is_open=closed is None, closed_on=closed,
        outcome_row=outcome_row,
        fee_paid_on=fee_paid[0] if fee_paid else None, fee_paid_amount=fee_paid[1] if fee_paid else None,
    )


def appeal(agency, kind: str, filed: dt.date, result: str = "pending", closed: dt.date | None = None):
    from gongkai.appeals.models import Appeal

    return Appeal.objects.create(agency=agency, kind=kind, filed_on=filed, result=result, closed_on=closed)


def letter(agency, received: dt.date, answered: dt.date | None = None, published: dt.date | None = None):
    from gongkai.interactions.models import LetterStatus, MailboxLetter

    n = next(_seq)
    return MailboxLetter.objects.create(
        agency=agency, tracking_code=f"L{n:010d}", query_password_hash="!", category="咨询", writer_name="张三",
        phone="13812345678", subject=f"来信{n}", body="正文",
        received_at=timezone.make_aware(dt.datetime.combine(received, dt.time(10, 0))), received_on=received,
        due_on=received + dt.timedelta(days=14), status=LetterStatus.ANSWERED if answered else LetterStatus.OPEN,
        answered_on=answered, published_on=published,
    )


def survey(agency, opens: dt.date):
    from gongkai.interactions.models import Survey, SurveyStatus

    return Survey.objects.create(agency=agency, title=f"调查{next(_seq)}", opens_on=opens,
                                 closes_on=opens + dt.timedelta(days=30), status=SurveyStatus.CLOSED)


def item(agency, published: dt.date, channels=("website",), doc_type="ordinary", formed: dt.date | None = None,
         validity: str = "", requires_interpretation=False, late=False, interprets=()):
    from gongkai.disclosures.models import DisclosureItem, ItemChannel

    obj = DisclosureItem.objects.create(
        agency=agency, title=f"信息{next(_seq)}", publisher=agency.name, formed_on=formed or published,
        published_on=published, doc_type=doc_type, status="published", validity=validity,
        requires_interpretation=requires_interpretation, late=late,
    )
    if interprets:
        obj.interprets.set(interprets)
    for ch in channels:
        ItemChannel.objects.create(item=obj, channel=ch, published_on=published)
    return obj


def tally(agency, channel: str, month: dt.date, count: int):
    from gongkai.disclosures.models import ChannelTally

    return ChannelTally.objects.create(agency=agency, channel=channel, month=month, count=count)
