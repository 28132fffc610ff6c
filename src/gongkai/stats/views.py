"""The workbench's 统计看板 (/work/stats/): charts and tables for the user's agencies, the records behind
any figure, and each table as XLSX. Scoped through `gongkai.agencies.scoping` (stats.scope)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

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
from gongkai.stats.scope import Selection, select
from gongkai.workbench.decorators import staff_required


@dataclass(frozen=True)
class Part:
    """Tables (and figures) of a section built together: `build(sel, today)` gives the context of
    stats/section_body.html ("tables", and "reply" or "mail_figures"); `tables` names the tables' keys, so an
    export builds only the part holding its table."""
    tables: tuple[str, ...]
    build: Callable[[Selection, dt.date], dict]


@dataclass(frozen=True)
class Section:
    parts: tuple[Part, ...]
    # aggregated over the period: its own request (`section`), loaded after the first screen is shown
    # (stats/charts.js), or rendered in place with ?full=1 (no script, printing, tests); else on the first
    # screen (read from indexed rows: what needs attention now)
    lazy: bool = True

    def build(self, sel: Selection, today: dt.date) -> dict:
        out: dict = {"tables": []}
        for part in self.parts:
            built = part.build(sel, today)
            out = {**out, **built, "tables": [*out["tables"], *built.get("tables", [])]}
        return out


def _mailbox(sel, today) -> dict:
    mailbox, mail_figures = dashboard.mailbox_table(sel)
    return {"mail_figures": mail_figures, "tables": [mailbox]}


# the dashboard's one registry of sections, by name: the page, ?full=1, `section` and `export` read it
SECTIONS: dict[str, Section] = {
    "overdue": Section((Part(("overdue",), lambda sel, today: {"tables": [dashboard.overdue_table(sel, today)]}),),
                       lazy=False),
    "applications": Section((Part(("applications", "outcomes"),
                                  lambda sel, today: {"tables": dashboard.applications_tables(sel, today)}),)),
    "replies": Section((Part((), lambda sel, today: {"reply": dashboard.reply_figures(sel)}),
                        Part(("app_months",), lambda sel, today: {"tables": [dashboard.application_months_table(sel)]}))),
    "disclosures": Section((Part(("disclosures", "item_months"),
                                 lambda sel, today: {"tables": dashboard.disclosure_tables(sel)}),
                            Part(("expiring",), lambda sel, today: {"tables": [dashboard.expiring_table(sel, today)]}))),
    "mailbox": Section((Part(("mailbox",), _mailbox),)),
    "reports": Section((Part(("reports",), lambda sel, today: {"tables": [dashboard.reports_table(sel, today)]}),),
                       lazy=False),
}


def lazy_sections() -> list[str]:
    """The names of the sections loaded by their own requests, in the page's order."""
    return [name for name, s in SECTIONS.items() if s.lazy]


def table_part(key: str) -> Part | None:
    """The part of a section that builds the table `key` (None: no such table)."""
    return next((p for s in SECTIONS.values() for p in s.parts if key in p.tables), None)


def table_keys() -> list[str]:
    """Every table of the dashboard, by key (each exports to XLSX)."""
    return [key for s in SECTIONS.values() for p in s.parts for key in p.tables]


@staff_required
def dashboard_view(request):
    """The first screen at once: what needs attention now and is read from indexed rows, not aggregated
    over the period — the overdue applications with their officers and each member's annual report with its
    deadline; the sections aggregating the period by their own requests (`section`), or all in place with
    ?full=1."""
    today = timezone.localdate()
    sel = select(request, today)
    full = request.GET.get("full") == "1"
    sections = {name: s.build(sel, today) for name, s in SECTIONS.items() if full or not s.lazy}
    return render(request, "stats/dashboard.html", {
        "sel": sel, "today": today, "years": range(today.year, 2007, -1), "full": full,
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
    if name not in SECTIONS or not SECTIONS[name].lazy:
        raise Http404("没有这个统计栏目。")
    today = timezone.localdate()
    sel = select(request, today)
    return render(request, "stats/section.html", {"sel": sel, **SECTIONS[name].build(sel, today)})


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
    part = table_part(key)
    if part is None:
        raise Http404("没有这个统计表。")
    table = next(t for t in part.build(sel, today)["tables"] if t.key == key)
    body = write_table([(table.title[:31], table.headers, table.plain_rows())])
    response = HttpResponse(body, content_type=MIME)
    response["Content-Disposition"] = f'attachment; filename="stats-{key}-{sel.period.slug}.xlsx"'
    return response
