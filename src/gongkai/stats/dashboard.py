"""The supervisor's dashboard: every figure per agency from the ledgers' `*_by_agency` functions (one GROUP
BY each) or one grouped query here (overdue, extensions, months), never a loop over records."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from gongkai.applications.models import Application
from gongkai.applications.queues import overdue
from gongkai.applications.reply_times import reply_stats
from gongkai.applications.reporting import OUTCOME_ROWS, table3_counts_by_agency, table3_drilldown
from gongkai.common.period import Period
from gongkai.disclosures.reporting import (
    channel_counts_by_agency,
    channel_counts_by_month,
    interpretation_stats_by_agency,
    late_count_by_agency,
)
from gongkai.interactions.reporting import mailbox_drilldown, mailbox_stats_by_agency, survey_count_by_agency
from gongkai.reports.government import member_reports
from gongkai.reports.models import State, deadline_for
from gongkai.reports.ontime import judge
from gongkai.rules.distribution import weighted_percentile
from gongkai.rules.formats import format_for_year
from gongkai.rules.workday_span import workday_ordinals
from gongkai.stats.metrics import CHANNEL_LABELS, OUTCOME_LABELS
from gongkai.stats.scope import Selection
from gongkai.stats.tables import Cell, Table, drill_url, months_table, per_agency_table
from gongkai.workcalendar.service import get_calendar

OVERDUE_LIST_LIMIT = 50


def _received_extras_by_agency(ids: list[int], period: Period) -> dict[int, dict[str, int]]:
    """{agency: {"app_extended", "app_corrected"}} of the cases received in the period (table 3's "new" row,
    as their drill-downs in stats.metrics), one grouped query."""
    out = {i: {"app_extended": 0, "app_corrected": 0} for i in ids}
    rows = (table3_drilldown(ids, period, "new").values("agency_id")
            .annotate(ext=Count("id", filter=Q(extended=True)),
                      cor=Count("id", filter=Q(correction_requested_on__isnull=False))).order_by())
    for r in rows:
        out[r["agency_id"]] = {"app_extended": r["ext"], "app_corrected": r["cor"]}
    return out


def _overdue_by_agency(ids: list[int], today: dt.date) -> dict[int, int]:
    out = dict.fromkeys(ids, 0)
    for r in overdue(Application.objects.filter(agency_id__in=ids), today).values("agency_id").annotate(
            n=Count("id")).order_by():
        out[r["agency_id"]] = r["n"]
    return out


def _by_month(day_counts) -> dict[tuple[int, int], int]:
    """{(year, month): n} from counts grouped by date (at most 366 groups a year; grouping by an extracted
    month would run a Python function per row on SQLite)."""
    out: dict[tuple[int, int], int] = {}
    for day, n in day_counts.order_by():
        key = (day.year, day.month)
        out[key] = out.get(key, 0) + (n or 0)
    return out


def applications_tables(sel: Selection, today: dt.date) -> list[Table]:
    ids, period = sel.ids, sel.period
    t3 = table3_counts_by_agency(ids, period)
    extras = _received_extras_by_agency(ids, period)
    late = _overdue_by_agency(ids, today)
    values = {}
    for i in ids:
        c = t3[i]
        groups = {f"app_outcome_{g}": sum(sum(c[r].values()) for r in OUTCOME_ROWS if r.split("_")[0] == g)
                  for g in OUTCOME_LABELS}
        values[i] = {"app_new": sum(c["new"].values()), "app_closed": sum(groups.values()),
                     "app_open": sum(c["carried_out"].values()), "app_overdue": late[i], **extras[i], **groups}
    main = per_agency_table(
        "applications", f"依申请公开：各机关收到与办理情况（{period.label}）", sel.agencies, period,
        [("app_new", "新收申请"), ("app_closed", "期内办结"), ("app_open", "期末未办结"),
         ("app_overdue", "当前逾期"), ("app_extended", "延期答复"), ("app_corrected", "告知补正")],
        values, sel.root.pk, chart_columns=("app_new", "app_closed", "app_overdue"),
        note="“当前逾期”是今天仍未答复且已过答复期限的申请，不分年度。")
    outcomes = per_agency_table(
        "outcomes", f"依申请公开：办理结果构成（表三口径，{period.label}）", sel.agencies, period,
        [(f"app_outcome_{g}", label) for g, label in OUTCOME_LABELS.items()], values, sel.root.pk,
        chart_columns=tuple(f"app_outcome_{g}" for g in OUTCOME_LABELS))
    return [main, outcomes]


def application_months_table(sel: Selection) -> Table:
    """Received and closed per month of the period (table 3's "new" and "total" rows, as their drill-downs in
    stats.metrics; two queries grouped by date)."""
    ids, period = sel.ids, sel.period
    received = _by_month(table3_drilldown(ids, period, "new").values_list("receipt_date").annotate(n=Count("id")))
    closed = _by_month(table3_drilldown(ids, period, "total").values_list("closed_on").annotate(n=Count("id")))
    months = months_table("app_months", f"依申请公开：每月新收与办结（{period.label}）", period,
                          [("app_new", "新收申请", received), ("app_closed", "办结", closed)], sel.root.pk)
    return months


def reply_figures(sel: Selection) -> dict:
    return reply_stats(sel.ids, sel.period, get_calendar())


def overdue_table(sel: Selection, today: dt.date) -> Table:
    from django.urls import reverse

    qs = (overdue(Application.objects.filter(agency_id__in=sel.ids), today)
          .select_related("agency", "handler").order_by("due_date", "id")[:OVERDUE_LIST_LIMIT])
    table = Table("overdue", "逾期未答复的申请（按答复期限排序）", ["查询码", "机关", "收到日期", "答复期限", "逾期天数", "承办人"],
                  note=f"最多列出 {OVERDUE_LIST_LIMIT} 件；全部逾期申请见上表“当前逾期”一列的链接。")
    for a in qs:
        table.rows.append([Cell(a.tracking_code, reverse("applications:detail", args=[a.pk])), Cell(a.agency.name),
                           Cell(a.receipt_date), Cell(a.due_date), Cell((today - a.due_date).days),
                           Cell(a.handler.display_name if a.handler else "（未分配）")])
    return table


def disclosure_tables(sel: Selection) -> list[Table]:
    ids, period = sel.ids, sel.period
    channels = channel_counts_by_agency(ids, period)
    late = late_count_by_agency(ids, period)
    interp = interpretation_stats_by_agency(ids, period)
    values = {i: {**{f"items_{k}": n for k, n in channels[i].items()}, "items_late": late[i],
                  "items_interpretations": interp[i]["interpretations"],
                  "items_requiring": interp[i]["documents_requiring"],
                  "items_interpreted": interp[i]["documents_interpreted"]} for i in ids}
    main = per_agency_table(
        "disclosures", f"主动公开：各机关公开情况（{period.label}）", sel.agencies, period,
        [("items_total", "公开信息（按渠道）"), ("items_website", "政府网站"), ("items_new_media", "政务新媒体"),
         ("items_traditional", "传统载体"), ("items_late", "超期公开"), ("items_interpretations", "政策解读"),
         ("items_requiring", "需解读文件"), ("items_interpreted", "已解读文件")],
        values, sel.root.pk, chart_columns=("items_total", "items_late"),
        note="超期公开：发布日期晚于成文日期20个工作日以上（条例第二十六条）。")
    by_month = channel_counts_by_month(ids, period)
    per_month = {k: by_month[k] for k in ("website", "wechat", "weibo", "other_new_media", "traditional")}
    months = months_table("item_months", f"主动公开：每月各渠道公开条数（{period.label}）", period,
                          [(f"items_{k}", CHANNEL_LABELS[k], per_month[k]) for k in per_month], sel.root.pk)
    return [main, months]


def expiring_table(sel: Selection, today: dt.date) -> Table:
    """Regulations and normative documents of the selection whose validity lapses in the next 90 days (from
    today, whatever the period), the soonest first; the count links to the full list."""
    from django.urls import reverse

    from gongkai.disclosures.reporting import EXPIRING_DAYS, expiring_drilldown

    qs = expiring_drilldown(sel.ids, today)
    total = qs.count()
    table = Table("expiring", f"{EXPIRING_DAYS}天内有效期届满的规章和规范性文件（截至{today.year}年{today.month}月{today.day}日：{total} 件）",
                  ["标题", "机关", "文号", "有效期至", "剩余天数"],
                  note=f"最多列出 {OVERDUE_LIST_LIMIT} 件；请在届满前评估，需要继续施行的按程序修订或重新发布。")
    table.total_url = drill_url("items_expiring", sel.root.pk, sel.period, tree=True)
    table.total = total
    for item in qs.select_related("agency")[:OVERDUE_LIST_LIMIT]:
        table.rows.append([Cell(item.title, reverse("disclosures:detail", args=[item.pk])), Cell(item.agency.name),
                           Cell(item.doc_no or "—"), Cell(item.valid_until), Cell((item.valid_until - today).days)])
    return table


def mailbox_table(sel: Selection) -> tuple[Table, dict]:
    ids, period = sel.ids, sel.period
    mail = mailbox_stats_by_agency(ids, period)
    surveys = survey_count_by_agency(ids, period)
    values = {i: {"mail_received": mail[i]["received"], "mail_answered": mail[i]["answered"],
                  "mail_published": mail[i]["published"], "surveys": surveys[i]} for i in ids}
    table = per_agency_table(
        "mailbox", f"领导信箱与网上调查（{period.label}）", sel.agencies, period,
        [("mail_received", "来信"), ("mail_answered", "已答复"), ("mail_published", "公开回复"), ("surveys", "网上调查")],
        values, sel.root.pk, chart_columns=("mail_received", "mail_answered"))
    # working days from receipt to answer, from counts grouped by the two dates
    # (every letter received in the period and answered, also after its end: not the "answered" figure)
    pairs = list(mailbox_drilldown(ids, period, "received").filter(answered_on__isnull=False)
                 .values_list("received_on", "answered_on").annotate(n=Count("id")).order_by())
    dist: dict[int, int] = {}
    if pairs:
        first = min(min(a, b) for a, b, _ in pairs)
        last = max(max(a, b) for a, b, _ in pairs)
        ordinal = workday_ordinals(get_calendar(), first, last)
        for received, answered, n in pairs:
            days = max(0, ordinal[answered] - ordinal[received])
            dist[days] = dist.get(days, 0) + n
    return table, {"median": weighted_percentile(dist, 50), "answered": sum(dist.values())}


def reports_table(sel: Selection, today: dt.date) -> Table:
    from django.urls import reverse

    year = sel.year
    fmt = format_for_year(year).code
    reports = member_reports(sel.ids, year, fmt)
    table = Table("reports", f"{year}年政府信息公开工作年度报告", ["机关", "状态", "错误", "发布期限", "按期情况"],
                  note="发布期限：部门次年1月31日前，政府次年3月31日前（条例第四十九条）。")
    for agency in sel.agencies:
        report = reports.get(agency.pk)
        deadline = deadline_for(agency, year)
        if report is None:
            state, errors, url = "未起草", "", None
            timing = judge(deadline, None, today)
        else:
            state, errors = report.get_state_display(), len(report.errors)
            url = reverse("reports:detail", args=[report.pk])
            first = report.first_published_at or report.published_at
            from django.utils import timezone

            timing = judge(deadline, timezone.localdate(first) if first and report.state == State.PUBLISHED else None,
                           today)
        table.rows.append([Cell(agency.name), Cell(state, url), Cell(errors), Cell(deadline), Cell(timing.label)])
    return table
