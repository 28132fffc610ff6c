"""Rows for tests that only need ledger state (the workflow itself is tested through actions)."""

import datetime as dt
import itertools

from django.utils import timezone

from gongkai.interactions.models import LetterStatus, MailboxLetter, Survey, SurveyStatus

_seq = itertools.count(1)


def letter(agency, received_on: dt.date, answered_on=None, published_on=None, **extra) -> MailboxLetter:
    n = next(_seq)
    received_at = timezone.make_aware(dt.datetime.combine(received_on, dt.time(10, 0)))
    values = dict(
        agency=agency,
        tracking_code=f"T{n:010d}",
        query_password_hash="!",
        category="咨询",
        writer_name="张三",
        phone="13812345678",
        subject=f"来信{n}",
        body="正文",
        received_at=received_at,
        received_on=received_on,
        due_on=received_on + dt.timedelta(days=14),
        status=LetterStatus.ANSWERED if answered_on else LetterStatus.OPEN,
        answered_on=answered_on,
        published_on=published_on,
    )
    values.update(extra)
    return MailboxLetter.objects.create(**values)


def survey(agency, opens_on: dt.date, status=SurveyStatus.CLOSED, **extra) -> Survey:
    values = dict(agency=agency, title=f"调查{next(_seq)}", opens_on=opens_on,
                  closes_on=opens_on + dt.timedelta(days=30), status=status)
    values.update(extra)
    return Survey.objects.create(**values)
