"""Table 3 of the annual report from the applications ledger (the reporting contract).

Year rules: a case counts as new in the year it was received; one received earlier and still open on
1 January counts as carried in (上年结转); the result rows count cases of the year (new + carried in)
closed by 31 December, by their stored outcome row (2021 keys); the rest are carried out (结转下年度).
So for every column: new + carried_in = total + carried_out (check L1). A case closed without a
(known) outcome row counts in no result row — nor in （七）总计 — so check L1 finds it.

Every figure is computed per agency by one GROUP BY query (`*_by_agency`, for a supervisor's overview,
a roll-up and dashboards); the functions for a set of agencies taken together are the sums of those
(the fee total: one aggregate over the same rows), and each figure's drill-down (`*_drilldown`) filters
the same year rules (`_row_q`, `_fees_paid`), so a figure, its per-agency split and its list of records
always agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gongkai.applications.models import Application
from gongkai.common.period import Period, span
from gongkai.rules.formats import APPLICANT_TYPES, FORMAT_2021

OUTCOME_ROWS: tuple[str, ...] = FORMAT_2021.outcome_keys
ROW_KEYS: tuple[str, ...] = ("new", "carried_in", *OUTCOME_ROWS, "carried_out")
TYPE_KEYS: tuple[str, ...] = tuple(t for t, _ in APPLICANT_TYPES)

# Counts = {row_key: {applicant_type: count}} for every key of ROW_KEYS and every applicant type
Counts = dict[str, dict[str, int]]


def _in_year(agency_ids: Iterable[int], year: int | Period) -> QuerySet[Application]:
    first, last = span(year)
    return Application.objects.filter(agency_id__in=list(agency_ids), receipt_date__lte=last).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=first)
    )


def _closed_q(year: int | Period) -> Q:
    return Q(closed_on__lte=span(year)[1])


def _row_q(row_key: str, year: int | Period) -> Q:
    """The cases of `_in_year` that table 3's row `row_key` counts (2021 keys, plus the 2019 （六） and
    （七）总计 rows, which sum result rows)."""
    first, last = span(year)
    if row_key == "new":
        return Q(receipt_date__gte=first)
    if row_key == "carried_in":
        return Q(receipt_date__lt=first)
    if row_key == "carried_out":
        return Q(closed_on__isnull=True) | Q(closed_on__gt=last)
    if row_key == "total":
        return _closed_q(year) & Q(outcome_row__in=OUTCOME_ROWS)
    if row_key == "r6":  # the 2019 format's single （六） row
        return _closed_q(year) & Q(outcome_row__in=[k for k in OUTCOME_ROWS if k.startswith("r6_")])
    if row_key in OUTCOME_ROWS:
        return _closed_q(year) & Q(outcome_row=row_key)
    raise ValueError(f"未知的表三行：{row_key}")


def _zero_counts() -> Counts:
    return {row: {t: 0 for t in TYPE_KEYS} for row in ROW_KEYS}


def table3_counts_by_agency(agency_ids: Iterable[int], year: int | Period) -> dict[int, Counts]:
    """{agency id: {row_key: {applicant_type: count}}} for every id in `agency_ids` (zeros when it has no
    case), rows new, carried_in, r1..r6_3 (2021 keys) and carried_out.

    One query grouped by agency, applicant type and stored outcome row, with four conditional counts per
    group (new, carried in, carried out, closed by 31 December): a result row's figure is the closed
    count of the groups whose outcome row it is — `_row_q(row)` exactly."""
    ids = list(agency_ids)
    out = {i: _zero_counts() for i in ids}
    # counting a NOT NULL column of the covering index app_report_covering (not "id") keeps it index-only
    aggregates = {row: Count("applicant_type", filter=_row_q(row, year)) for row in ("new", "carried_in", "carried_out")}
    aggregates["closed"] = Count("applicant_type", filter=_closed_q(year))
    outcome_rows = set(OUTCOME_ROWS)
    groups = (_in_year(ids, year).values("agency_id", "applicant_type", "outcome_row")
              .annotate(**aggregates).order_by())
    for g in groups:
        counts, t = out[g["agency_id"]], g["applicant_type"]
        if t not in counts["new"]:
            continue  # not an applicant type of the table
        for row in ("new", "carried_in", "carried_out"):
            counts[row][t] += g[row]
        if g["outcome_row"] in outcome_rows:
            counts[g["outcome_row"]][t] += g["closed"]
    return out


def table3_counts(agency_ids: Iterable[int], year: int | Period) -> Counts:
    """{row_key: {applicant_type: count}} for the agencies taken together (the sum of
    `table3_counts_by_agency`)."""
    total = _zero_counts()
    for counts in table3_counts_by_agency(agency_ids, year).values():
        for row, by_type in counts.items():
            for t, n in by_type.items():
                total[row][t] += n
    return total


def table3_drilldown(agency_ids: Iterable[int], year: int | Period, row_key: str,
                     applicant_type: str | None = None) -> QuerySet[Application]:
    qs = _in_year(agency_ids, year).filter(_row_q(row_key, year))
    if applicant_type:
        qs = qs.filter(applicant_type=applicant_type)
    return qs.order_by("receipt_date", "id")


def _fees_paid(agency_ids: Iterable[int], year: int | Period) -> QuerySet[Application]:
    first, last = span(year)
    return Application.objects.filter(agency_id__in=list(agency_ids), fee_paid_on__gte=first, fee_paid_on__lte=last)


def fee_total_by_agency(agency_ids: Iterable[int], year: int | Period) -> dict[int, Decimal]:
    """{agency id: 信息处理费 collected in the year (by payment date)} for every id, in one grouped query."""
    ids = list(agency_ids)
    out = {i: Decimal("0") for i in ids}
    for row in _fees_paid(ids, year).values("agency_id").annotate(s=Sum("fee_paid_amount")).order_by():
        out[row["agency_id"]] = row["s"] or Decimal("0")
    return out


def fee_total_yuan(agency_ids: Iterable[int], year: int | Period) -> Decimal:
    """信息处理费 actually collected in the year (by payment date), the agencies taken together: the same
    rows as `fee_total_by_agency`, summed by one ungrouped aggregate (grouping by agency makes SQLite walk
    the agency index and fetch every row of a large city instead of scanning the table once)."""
    return _fees_paid(agency_ids, year).aggregate(s=Sum("fee_paid_amount"))["s"] or Decimal("0")


def fee_drilldown(agency_ids: Iterable[int], year: int | Period) -> QuerySet[Application]:
    return _fees_paid(agency_ids, year).order_by("fee_paid_on")
