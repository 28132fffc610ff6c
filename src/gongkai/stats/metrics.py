"""The dashboard's figures and their drill-downs: each metric names the records a number counts, using the
ledgers' own `*_drilldown` functions (the same conditions as their `*_by_agency` counts), so the list
behind a bar or a table cell has exactly as many records as the number shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from gongkai.applications.reporting import OUTCOME_ROWS, table3_drilldown
from gongkai.common.period import Period
from gongkai.disclosures import reporting as disclosures
from gongkai.interactions.reporting import mailbox_drilldown, survey_drilldown

OUTCOME_LABELS = {"r1": "予以公开", "r2": "部分公开", "r3": "不予公开", "r4": "无法提供", "r5": "不予处理",
                  "r6": "其他处理"}
CHANNEL_LABELS = {"total": "主动公开信息", "website": "政府网站", "new_media": "政务新媒体", "wechat": "政务微信",
                  "weibo": "政务微博", "other_new_media": "其他政务新媒体", "traditional": "传统载体"}


@dataclass(frozen=True)
class Metric:
    label: str
    querysets: Callable[..., list[QuerySet]]  # (ids, period, month, today) → the record querysets
    monthly: bool = False  # whether `month` narrows it


def _month(qs: QuerySet, field: str, month: Period | None) -> QuerySet:
    """Narrowed to one month of the period (a row of a months table)."""
    return qs.filter(**{f"{field}__range": (month.first, month.last)}) if month else qs


def _applications(row: str, month_field: str | None = None):
    def build(ids, year, month, today):
        qs = table3_drilldown(ids, year, row)
        return [_month(qs, month_field, month) if month_field else qs]
    return build


def _outcome_group(group: str):
    def build(ids, year, month, today):
        return [table3_drilldown(ids, year, row) for row in OUTCOME_ROWS if row.split("_")[0] == group]
    return build


def _received_with(**conditions):
    def build(ids, year, month, today):
        return [table3_drilldown(ids, year, "new").filter(**conditions)]
    return build


def _overdue(ids, year, month, today):
    from gongkai.applications.models import Application
    from gongkai.applications.queues import overdue

    return [overdue(Application.objects.filter(agency_id__in=ids), today).order_by("due_date", "id")]


def _channel(key: str):
    def build(ids, year, month, today):
        return [_month(disclosures.channel_drilldown(ids, year, key), "published_on", month),
                _month(disclosures.channel_tally_drilldown(ids, year, key), "month", month)]
    return build


def _interpretation(key: str):
    return lambda ids, year, month, today: [disclosures.interpretation_drilldown(ids, year, key)]


def _mailbox(key: str):
    return lambda ids, year, month, today: [mailbox_drilldown(ids, year, key)]


METRICS: dict[str, Metric] = {
    "app_new": Metric("新收申请", _applications("new", "receipt_date"), monthly=True),
    "app_closed": Metric("本年办结", _applications("total", "closed_on"), monthly=True),
    "app_open": Metric("年末未办结（结转下年）", _applications("carried_out")),
    "app_overdue": Metric("当前逾期未答复", _overdue),
    "app_extended": Metric("延期答复（本年新收）", _received_with(extended=True)),
    "app_corrected": Metric("告知补正（本年新收）", _received_with(correction_requested_on__isnull=False)),
    **{f"app_outcome_{g}": Metric(f"办理结果：{label}", _outcome_group(g)) for g, label in OUTCOME_LABELS.items()},
    **{f"items_{k}": Metric(label, _channel(k), monthly=True) for k, label in CHANNEL_LABELS.items()},
    "items_late": Metric("超过20个工作日公开（第二十六条）",
                         lambda ids, year, month, today: [disclosures.late_drilldown(ids, year)]),
    "items_interpretations": Metric("政策解读", _interpretation("interpretations")),
    "items_requiring": Metric("需要解读的文件", _interpretation("documents_requiring")),
    "items_interpreted": Metric("已解读的文件", _interpretation("documents_interpreted")),
    "items_expiring": Metric(f"{disclosures.EXPIRING_DAYS}天内有效期届满的规章和规范性文件",
                             lambda ids, year, month, today: [disclosures.expiring_drilldown(ids, today)]),
    "mail_received": Metric("领导信箱来信", _mailbox("received")),
    "mail_answered": Metric("已答复来信", _mailbox("answered")),
    "mail_published": Metric("公开回复", _mailbox("published")),
    "surveys": Metric("网上调查", lambda ids, year, month, today: [survey_drilldown(ids, year)]),
}


def figure(qs: QuerySet) -> int:
    """What a queryset contributes to a figure: its rows, or for monthly channel tallies the counts summed."""
    if qs.model._meta.label_lower == "disclosures.channeltally":
        return qs.aggregate(n=Sum("count"))["n"] or 0
    return qs.count()


def drill(key: str, ids: list[int], period: Period, month: Period | None,
          today: dt.date) -> tuple[Metric, list[QuerySet]]:
    metric = METRICS[key]  # KeyError for an unknown metric: the view answers 404
    return metric, metric.querysets(ids, period, month if metric.monthly else None, today)
