"""Table 4 of the annual report (政府信息公开行政复议、行政诉讼情况) from the appeals ledger.

An appeal counts in the year it was filed; its result is the one known on 31 December of that year
(closed later, or not at all → 尚未审结).

`table4_counts_by_agency` computes the table per agency in one GROUP BY query; `table4_counts` (the
agencies taken together) is its sum, and `table4_drilldown` filters the same conditions (`_cell_q`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from gongkai.appeals.models import Appeal, AppealResult
from gongkai.rules.formats import TABLE4_GROUPS, TABLE4_RESULTS

RESULT_KEYS = [r[0] for r in TABLE4_RESULTS]  # upheld, corrected, other, pending, total


def _year(agency_ids: Iterable[int], year: int) -> QuerySet[Appeal]:
    return Appeal.objects.filter(agency_id__in=list(agency_ids), filed_on__year=year)


def _result_q(result_key: str, year: int) -> Q:
    last = dt.date(year, 12, 31)
    decided = Q(closed_on__isnull=False, closed_on__lte=last) & ~Q(result=AppealResult.PENDING)
    if result_key == "total":
        return Q()
    if result_key == AppealResult.PENDING:
        return ~decided
    if result_key in AppealResult.values:
        return decided & Q(result=result_key)
    raise ValueError(f"未知的结果列：{result_key}")


def _cell_q(group_key: str, result_key: str, year: int) -> Q:
    return Q(kind=group_key) & _result_q(result_key, year)


CELLS = [(g, r) for g, _, _ in TABLE4_GROUPS for r in RESULT_KEYS]  # rules.formats.TABLE4_COLUMNS order


def table4_counts_by_agency(agency_ids: Iterable[int], year: int) -> dict[int, list[int]]:
    """{agency id: 15 numbers in rules.formats.TABLE4_COLUMNS order} for every id (zeros when it has no
    appeal), in one query grouped by agency."""
    ids = list(agency_ids)
    out = {i: [0] * len(CELLS) for i in ids}
    aggregates = {f"{g}__{r}": Count("id", filter=_cell_q(g, r, year)) for g, r in CELLS}
    for row in _year(ids, year).values("agency_id").annotate(**aggregates).order_by():
        out[row["agency_id"]] = [int(row[f"{g}__{r}"]) for g, r in CELLS]
    return out


def table4_counts(agency_ids: Iterable[int], year: int) -> list[int]:
    """15 numbers in rules.formats.TABLE4_COLUMNS order, the agencies taken together."""
    total = [0] * len(CELLS)
    for values in table4_counts_by_agency(agency_ids, year).values():
        total = [a + b for a, b in zip(total, values, strict=True)]
    return total


def table4_drilldown(agency_ids: Iterable[int], year: int, group_key: str, result_key: str) -> QuerySet[Appeal]:
    if group_key not in {g for g, _, _ in TABLE4_GROUPS}:
        raise ValueError(f"未知的类型：{group_key}")
    return _year(agency_ids, year).filter(_cell_q(group_key, result_key, year)).order_by("filed_on")
