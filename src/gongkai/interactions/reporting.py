"""What the annual report takes from the mailbox and surveys (the reporting contract, 回应关切).

A letter counts in the year it was received; `answered` and `published` are its state on 31 December of
that year (a letter received on 30 December and answered in January counts as received only). A survey
counts in the year it opened (drafts never count). Each figure is computed per agency by one GROUP BY
query (`*_by_agency`); the function for a set of agencies taken together is the sum of those, and every
figure can be drilled down to the records it counts (same conditions).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from gongkai.common.period import Period, span
from gongkai.interactions.models import MailboxLetter, Survey, SurveyStatus

MAILBOX_KEYS = ("received", "answered", "published")


def _mailbox_conditions(year: int | Period) -> dict[str, Q]:
    end = span(year)[1]
    return {
        "received": Q(),
        "answered": Q(answered_on__isnull=False, answered_on__lte=end),
        "published": Q(published_on__isnull=False, published_on__lte=end),
    }


def _letters(agency_ids: Iterable[int], year: int | Period) -> QuerySet[MailboxLetter]:
    return MailboxLetter.objects.filter(agency_id__in=list(agency_ids), received_on__range=span(year))


def mailbox_stats_by_agency(agency_ids: Iterable[int], year: int | Period) -> dict[int, dict[str, int]]:
    """{agency id: {"received", "answered", "published"}} for every id, in one query grouped by agency."""
    ids = list(agency_ids)
    out = {i: dict.fromkeys(MAILBOX_KEYS, 0) for i in ids}
    aggregates = {key: Count("id", filter=cond) if cond else Count("id")
                  for key, cond in _mailbox_conditions(year).items()}
    for row in _letters(ids, year).values("agency_id").annotate(**aggregates).order_by():
        out[row["agency_id"]] = {key: int(row[key] or 0) for key in MAILBOX_KEYS}
    return out


def mailbox_stats(agency_ids: Iterable[int], year: int | Period) -> dict[str, int]:
    """{"received", "answered", "published"}: letters received in `year`, and of them answered / published
    by 31 Dec, the agencies taken together."""
    total = dict.fromkeys(MAILBOX_KEYS, 0)
    for stats in mailbox_stats_by_agency(agency_ids, year).values():
        for key in MAILBOX_KEYS:
            total[key] += stats[key]
    return total


def mailbox_drilldown(agency_ids: Iterable[int], year: int | Period, key: str) -> QuerySet[MailboxLetter]:
    """The letters behind `mailbox_stats(...)[key]`."""
    conditions = _mailbox_conditions(year)
    if key not in conditions:
        raise ValueError(f"未知的信箱统计项：{key}（可选：{'、'.join(MAILBOX_KEYS)}）")
    return _letters(agency_ids, year).filter(conditions[key]).order_by("received_at", "id")


def _surveys(agency_ids: Iterable[int], year: int | Period) -> QuerySet[Survey]:
    return Survey.objects.filter(agency_id__in=list(agency_ids), opens_on__range=span(year)).exclude(
        status=SurveyStatus.DRAFT
    )


def survey_count_by_agency(agency_ids: Iterable[int], year: int | Period) -> dict[int, int]:
    """{agency id: online surveys (网上调查) it opened in `year`} for every id, in one grouped query."""
    ids = list(agency_ids)
    out = dict.fromkeys(ids, 0)
    for row in _surveys(ids, year).values("agency_id").annotate(n=Count("id")).order_by():
        out[row["agency_id"]] = row["n"]
    return out


def survey_count(agency_ids: Iterable[int], year: int | Period) -> int:
    """Online surveys (网上调查) the agencies opened in `year`."""
    return sum(survey_count_by_agency(agency_ids, year).values())


def survey_drilldown(agency_ids: Iterable[int], year: int | Period) -> QuerySet[Survey]:
    return _surveys(agency_ids, year).order_by("opens_on", "id")
