"""The workbench's 统计看板 (/work/stats/): charts and tables for the user's agencies, the records behind
any figure, and each table as XLSX. Scoped through `gongkai.agencies.scoping` (stats.scope)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from gongkai.common.period import Period, parse_month
from gongkai.common.xlsx import MIME, write_table
from gongkai.reports.drilldown import Drill
from gongkai.stats import dashboard
from gongkai.stats.metrics import drill, figure
from gongkai.stats.scope import select
from gongkai.workbench.decorators import staff_required

SECTIONS = {
    "applications": lambda sel, today: dashboard.applications_tables(sel, today),
    "app_months": lambda sel, today: [dashboard.application_months_table(sel)],
    "overdue": lambda sel, today: [dashboard.overdue_table(sel, today)],
    "disclosures": lambda sel, today: dashboard.disclosure_tables(sel),
    "expiring": lambda sel, today: [dashboard.expiring_table(sel, today)],
    "mailbox": lambda sel, today: [dashboard.mailbox_table(sel)[0]],
    "reports": lambda sel, today: [dashboard.reports_table(sel, today)],
}
TABLE_SECTION = {"applications": "applications", "outcomes": "applications", "app_months": "app_months",
                 "overdue": "overdue", "disclosures": "disclosures", "item_months": "disclosures",
                 "expiring": "expiring", "mailbox": "mailbox", "reports": "reports"}


def _section_applications(sel, today) -> dict:
    return {"tables": dashboard.applications_tables(sel, today)}


def _section_replies(sel, today) -> dict:
    return {"reply": dashboard.reply_figures(sel), "tables": [dashboard.application_months_table(sel)]}


def _section_disclosures(sel, today) -> dict:
    return {"tables": [*dashboard.disclosure_tables(sel), dashboard.expiring_table(sel, today)]}


def _section_mailbox(sel, today) -> dict:
    mailbox, mail_figures = dashboard.mailbox_table(sel)
    return {"mail_figures": mail_figures, "tables": [mailbox]}


# the sections that aggregate the ledgers over the period: each its own request, loaded by the page after
# its first screen is shown (stats/charts.js), or rendered in place with ?full=1 (no script, printing, tests)
LAZY_SECTIONS = {"applications": _section_applications, "replies": _section_replies,
                 "disclosures": _section_disclosures, "mailbox": _section_mailbox}


@staff_required
def dashboard_view(request):
    """The first screen at once: what needs attention now and is read from indexed rows, not aggregated
    over the period — the overdue applications with their officers and each member's annual report with its
    deadline; the sections aggregating the period by their own requests (`section`), or all in place with
    ?full=1."""
    today = timezone.localdate()
    sel = select(request, today)
    full = request.GET.get("full") == "1"
    sections = {name: build(sel, today) for name, build in LAZY_SECTIONS.items()} if full else {}
    return render(request, "stats/dashboard.html", {
        "sel": sel, "today": today, "years": range(today.year, 2007, -1), "full": full,
        "overdue": dashboard.overdue_table(sel, today), "reports": dashboard.reports_table(sel, today),
        "sections": sections, "section_query": f"agency={sel.root.pk}&{sel.period.query()}",
        "agency_options": _agency_options(sel),
    })


def _agency_options(sel) -> str:
    """The agency picker's <option>s (joined here: a template loop over a city's hundreds of agencies is a
    good part of the first screen's time)."""
    return mark_safe("".join(
        f'<option value="{a.pk}"{" selected" if a.pk == sel.root.pk else ""}>{conditional_escape(a.name)}</option>'
        for a in sel.choices))


@staff_required
def section(request, name: str):
    """One section of the dashboard below the first screen, as an HTML fragment."""
    if name not in LAZY_SECTIONS:
        raise Http404("没有这个统计栏目。")
    today = timezone.localdate()
    sel = select(request, today)
    return render(request, "stats/section.html", {"sel": sel, **LAZY_SECTIONS[name](sel, today)})


@staff_required
def records(request):
    """The records one dashboard figure counts: ?metric=&agency=&year= (or &from=&to=)[&month=YYYY-MM]
    [&scope=tree]."""
    today = timezone.localdate()
    sel = select(request, today)
    ids = sel.ids if request.GET.get("scope") == "tree" else [sel.root.pk]
    month = parse_month(request.GET.get("month"), sel.period)
    if not request.GET.get("metric"):
        return render(request, "stats/records.html", {"sel": sel, "title": "统计记录", "count": 0, "links": [],
                                                      "hint": "请在统计看板上点击一个数字或柱子，查看它所统计的记录。"})
    try:
        metric, querysets = drill(request.GET.get("metric", ""), ids, sel.period, month, today)
    except KeyError:
        raise Http404("没有这个统计项。") from None
    count = sum(figure(qs) for qs in querysets)
    where = sel.root.name + ("及下属机关" if len(ids) > 1 else "")
    when = sel.period.label
    if month and metric.monthly:
        when = f"{month.first.year}年{month.first.month}月" if month == Period.of_month(
            month.first.year, month.first.month) else month.label
    title = f"{where} {when} {metric.label}"
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
    """One dashboard table as XLSX: ?table=<key>&agency=&year= (or &from=&to=; default: the applications
    table)."""
    today = timezone.localdate()
    sel = select(request, today)
    key = request.GET.get("table") or "applications"
    if key not in TABLE_SECTION:
        raise Http404("没有这个统计表。")
    table = next(t for t in SECTIONS[TABLE_SECTION[key]](sel, today) if t.key == key)
    body = write_table([(table.title[:31], table.headers, table.plain_rows())])
    response = HttpResponse(body, content_type=MIME)
    response["Content-Disposition"] = f'attachment; filename="stats-{key}-{sel.period.slug}.xlsx"'
    return response
