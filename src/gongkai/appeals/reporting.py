"""Table 4 of the annual report (政府信息公开行政复议、行政诉讼情况) from the appeals ledger.

An appeal counts in the year it was filed; its result is the one known on 31 December of that year
(closed later, or not at all → 尚未审结).
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


def table4_counts(agency_ids: Iterable[int], year: int) -> list[int]:
    """15 numbers in rules.formats.TABLE4_COLUMNS order."""
    aggregates = {
        f"{g}__{r}": Count("id", filter=Q(kind=g) & _result_q(r, year))
        for g, _, _ in TABLE4_GROUPS for r in RESULT_KEYS
    }
    row = _year(agency_ids, year).aggregate(**aggregates)
    return [row[f"{g}__{r}"] for g, _, _ in TABLE4_GROUPS for r in RESULT_KEYS]


def table4_drilldown(agency_ids: Iterable[int], year: int, group_key: str, result_key: str) -> QuerySet[Appeal]:
    if group_key not in {g for g, _, _ in TABLE4_GROUPS}:
        raise ValueError(f"未知的类型：{group_key}")
    return _year(agency_ids, year).filter(Q(kind=group_key) & _result_q(result_key, year)).order_by("filed_on")
