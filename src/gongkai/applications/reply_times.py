"""Reply times of the 依申请公开 ledger for dashboards and the public statistics: of the cases closed in a
year, how many were answered within the statutory period, and the median and 90th percentile of working
days from receipt to reply.

One query grouped by agency, date received and date closed (with conditional counts against the stored
due date), so the work in Python is per distinct pair of dates, never per case. A case with a stored due
date is on time when closed by it (extensions and paused clocks are in the due date); one imported
without a due date is judged by working days: ≤ 20, or ≤ 40 when it was extended (Art. 33).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, F, Q, QuerySet

from gongkai.applications.models import Application
from gongkai.common.period import Period, span
from gongkai.rules.clock import EXTENSION_MAX_WORKDAYS, REPLY_WORKDAYS
from gongkai.rules.distribution import weighted_percentile
from gongkai.rules.workday_span import workday_ordinals
from gongkai.rules.workdays import Calendar

EXTENDED_WORKDAYS = REPLY_WORKDAYS + EXTENSION_MAX_WORKDAYS  # Art. 33: 20 working days, extended by ≤ 20
REPLY_KEYS = ("closed", "within", "within_rate", "median", "p90")


def closed_in_year(agency_ids: Iterable[int], year: int | Period) -> QuerySet[Application]:
    """The cases a reply-time figure counts: closed in `year` (or a period), with a date received."""
    return Application.objects.filter(agency_id__in=list(agency_ids), closed_on__range=span(year),
                                      receipt_date__isnull=False)


def _empty() -> dict:
    return {"closed": 0, "within": 0, "within_rate": None, "median": None, "p90": None, "_dist": {}}


def reply_stats_by_agency(agency_ids: Iterable[int], year: int | Period, calendar: Calendar,
                          by_agency: bool = True) -> dict[int | None, dict]:
    """{agency id: {"closed", "within", "within_rate" (%), "median", "p90" (working days)}} for every id
    (None keys the whole selection when `by_agency` is false)."""
    ids = list(agency_ids)
    keys: list[int | None] = ids if by_agency else [None]
    out = {k: _empty() for k in keys}
    fields = ["agency_id", "receipt_date", "closed_on"] if by_agency else ["receipt_date", "closed_on"]
    groups = list(closed_in_year(ids, year).values(*fields).annotate(
        n=Count("id"),
        on_time=Count("id", filter=Q(due_date__isnull=False, closed_on__lte=F("due_date"))),
        no_due=Count("id", filter=Q(due_date__isnull=True, extended=False)),
        no_due_extended=Count("id", filter=Q(due_date__isnull=True, extended=True)),
    ).order_by())
    if groups:
        first = min(g["receipt_date"] for g in groups)
        last = max(g["closed_on"] for g in groups)
        ordinal = workday_ordinals(calendar, min(first, last), max(first, last))
    for g in groups:
        stats = out[g.get("agency_id")]
        days = max(0, ordinal[g["closed_on"]] - ordinal[g["receipt_date"]])
        stats["closed"] += g["n"]
        stats["within"] += g["on_time"]
        stats["within"] += g["no_due"] if days <= REPLY_WORKDAYS else 0
        stats["within"] += g["no_due_extended"] if days <= EXTENDED_WORKDAYS else 0
        stats["_dist"][days] = stats["_dist"].get(days, 0) + g["n"]
    for stats in out.values():
        dist = stats.pop("_dist")
        if stats["closed"]:
            stats["within_rate"] = round(100 * stats["within"] / stats["closed"], 1)
            stats["median"] = weighted_percentile(dist, 50)
            stats["p90"] = weighted_percentile(dist, 90)
    return out


def reply_stats(agency_ids: Iterable[int], year: int | Period, calendar: Calendar) -> dict:
    """The same figures for the agencies taken together."""
    return reply_stats_by_agency(agency_ids, year, calendar, by_agency=False)[None]
