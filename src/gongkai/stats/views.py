"""The workbench's 统计看板 (/work/stats/): charts and tables for the user's agencies, the records behind
any figure, and each table as XLSX. Scoped through `gongkai.agencies.scoping` (stats.scope)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.common.params import parse_int
from gongkai.common.xlsx import MIME, write_table
from gongkai.reports.drilldown import Drill
from gongkai.stats import dashboard
from gongkai.stats.metrics import drill, figure
from gongkai.stats.scope import select
from gongkai.workbench.decorators import staff_required

SECTIONS = {
    "applications": lambda sel, today: dashboard.applications_tables(sel, today),
    "overdue": lambda sel, today: [dashboard.overdue_table(sel, today)],
    "disclosures": lambda sel, today: dashboard.disclosure_tables(sel),
    "mailbox": lambda sel, today: [dashboard.mailbox_table(sel)[0]],
    "reports": lambda sel, today: [dashboard.reports_table(sel, today)],
}
TABLE_SECTION = {"applications": "applications", "outcomes": "applications", "app_months": "applications",
                 "overdue": "overdue", "disclosures": "disclosures", "item_months": "disclosures",
                 "mailbox": "mailbox", "reports": "reports"}


@staff_required
def dashboard_view(request):
    today = timezone.localdate()
    sel = select(request, today)
    apps = dashboard.applications_tables(sel, today)
    disclosures = dashboard.disclosure_tables(sel)
    mailbox, mail_figures = dashboard.mailbox_table(sel)
    return render(request, "stats/dashboard.html", {
        "sel": sel, "today": today, "years": range(today.year, 2007, -1),
        "application_tables": apps, "reply": dashboard.reply_figures(sel),
        "overdue": dashboard.overdue_table(sel, today),
        "disclosure_tables": disclosures, "mailbox": mailbox, "mail_figures": mail_figures,
        "reports": dashboard.reports_table(sel, today),
    })


@staff_required
def records(request):
    """The records one dashboard figure counts: ?metric=&agency=&year=[&month=][&scope=tree]."""
    today = timezone.localdate()
    sel = select(request, today)
    ids = sel.ids if request.GET.get("scope") == "tree" else [sel.root.pk]
    month = parse_int(request.GET.get("month"), None, 1, 12)
    if not request.GET.get("metric"):
        return render(request, "stats/records.html", {"sel": sel, "title": "统计记录", "count": 0, "links": [],
                                                      "hint": "请在统计看板上点击一个数字或柱子，查看它所统计的记录。"})
    try:
        metric, querysets = drill(request.GET.get("metric", ""), ids, sel.year, month, today)
    except KeyError:
        raise Http404("没有这个统计项。") from None
    count = sum(figure(qs) for qs in querysets)
    where = sel.root.name + ("及下属机关" if len(ids) > 1 else "")
    title = f"{where} {sel.year}年{f'{month}月' if month and metric.monthly else ''} {metric.label}"
    # every record, page by page (the same pager as the report drill-down)
    page, links = Drill(title, querysets).page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "stats/records.html", {
        "sel": sel, "title": title, "count": count, "links": links, "page": page,
        "page_links": page.paginator.get_elided_page_range(page.number), "query": query.urlencode(),
    })


@staff_required
def export(request):
    """One dashboard table as XLSX: ?table=<key>&agency=&year= (default: the applications table)."""
    today = timezone.localdate()
    sel = select(request, today)
    key = request.GET.get("table") or "applications"
    if key not in TABLE_SECTION:
        raise Http404("没有这个统计表。")
    table = next(t for t in SECTIONS[TABLE_SECTION[key]](sel, today) if t.key == key)
    body = write_table([(table.title[:31], table.headers, table.plain_rows())])
    response = HttpResponse(body, content_type=MIME)
    response["Content-Disposition"] = f'attachment; filename="stats-{key}-{sel.year}.xlsx"'
    return response
