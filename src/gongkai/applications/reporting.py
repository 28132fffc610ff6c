"""Table 3 of the annual report from the applications ledger (the reporting contract).

Year rules: a case counts as new in the year it was received; one received earlier and still open on
1 January counts as carried in (上年结转); the result rows count cases of the year (new + carried in)
closed by 31 December, by their stored outcome row (2021 keys); the rest are carried out (结转下年度).
So for every column: new + carried_in = total + carried_out (check L1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gongkai.applications.models import Application
from gongkai.rules.formats import APPLICANT_TYPES, FORMAT_2021

OUTCOME_ROWS: tuple[str, ...] = FORMAT_2021.outcome_keys
ROW_KEYS: tuple[str, ...] = ("new", "carried_in", *OUTCOME_ROWS, "carried_out")


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _in_year(agency_ids: Iterable[int], year: int) -> QuerySet[Application]:
    first, last = _bounds(year)
    return Application.objects.filter(agency_id__in=list(agency_ids), receipt_date__lte=last).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=first)
    )


def _row_q(row_key: str, year: int) -> Q:
    first, last = _bounds(year)
    if row_key == "new":
        return Q(receipt_date__gte=first)
    if row_key == "carried_in":
        return Q(receipt_date__lt=first)
    if row_key == "carried_out":
        return Q(closed_on__isnull=True) | Q(closed_on__gt=last)
    if row_key == "total":
        return Q(closed_on__lte=last)
    if row_key == "r6":  # the 2019 format's single （六） row
        return Q(closed_on__lte=last, outcome_row__startswith="r6_")
    if row_key in OUTCOME_ROWS:
        return Q(closed_on__lte=last, outcome_row=row_key)
    raise ValueError(f"未知的表三行：{row_key}")


def table3_counts(agency_ids: Iterable[int], year: int) -> dict[str, dict[str, int]]:
    """{row_key: {applicant_type: count}} for new, carried_in, r1..r6_3 (2021 keys) and carried_out."""
    # counting a NOT NULL column of the covering index app_report_covering (not "id") keeps it index-only
    aggregates = {row: Count("applicant_type", filter=_row_q(row, year)) for row in ROW_KEYS}
    result = {row: {t: 0 for t, _ in APPLICANT_TYPES} for row in ROW_KEYS}
    for item in _in_year(agency_ids, year).values("applicant_type").annotate(**aggregates).order_by():
        for row in ROW_KEYS:
            if item["applicant_type"] in result[row]:
                result[row][item["applicant_type"]] = item[row]
    return result


def table3_drilldown(agency_ids: Iterable[int], year: int, row_key: str,
                     applicant_type: str | None = None) -> QuerySet[Application]:
    qs = _in_year(agency_ids, year).filter(_row_q(row_key, year))
    if applicant_type:
        qs = qs.filter(applicant_type=applicant_type)
    return qs.order_by("receipt_date", "id")


def fee_total_yuan(agency_ids: Iterable[int], year: int) -> Decimal:
    """信息处理费 actually collected in the year (by payment date)."""
    first, last = _bounds(year)
    total = Application.objects.filter(
        agency_id__in=list(agency_ids), fee_paid_on__gte=first, fee_paid_on__lte=last
    ).aggregate(s=Sum("fee_paid_amount"))["s"]
    return total or Decimal("0")


def fee_drilldown(agency_ids: Iterable[int], year: int) -> QuerySet[Application]:
    first, last = _bounds(year)
    return Application.objects.filter(agency_id__in=list(agency_ids), fee_paid_on__gte=first,
                                      fee_paid_on__lte=last).order_by("fee_paid_on")
