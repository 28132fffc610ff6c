"""The officer's application list: sortable columns, the 剩余工作日 column, page numbers and the saved
default filter. The view (`views_staff.queue`) filters; this module orders, counts and labels."""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.db.models import F, QuerySet

from gongkai.rules.workdays import Calendar

# column key → (label, ordering field). "remaining" orders like the due date it is counted to.
COLUMNS = [
    ("code", "查询码", "tracking_code"),
    ("agency", "机关", "agency__name"),
    ("applicant", "申请人", None),
    ("info", "所需信息", None),
    ("receipt", "收到日期", "receipt_date"),
    ("state", "状态", "state"),
    ("due", "答复期限", "due_date"),
    ("remaining", "剩余工作日", "due_date"),
    ("handler", "承办人", "handler__full_name"),
]
SORTABLE = {key: field for key, _, field in COLUMNS if field}
PRESETS = [("我承办的 · 办理中", "state=open&mine=1"), ("全部办理中", "state=open"),
           ("已超期", "due=overdue"), ("即将到期", "due=soon"), ("暂停计时", "due=paused")]
COOKIE = "gk_app_queue_default"
COOKIE_SALT = "gongkai.applications.queue-default"
FILTER_KEYS = ("q", "state", "due", "agency", "type", "mine", "year", "sort")


def parse_sort(value: str) -> tuple[str, bool]:
    """('due', False) for 'due', ('due', True) for '-due'; an unknown key gives ('', False)."""
    desc = value.startswith("-")
    key = value[1:] if desc else value
    return (key, desc) if key in SORTABLE else ("", False)


def order(qs: QuerySet, sort: str) -> QuerySet | None:
    """The queryset ordered by a column, with the id as tie-breaker; None when `sort` names no column."""
    key, desc = parse_sort(sort)
    if not key:
        return None
    expr = F(SORTABLE[key])
    expr = expr.desc(nulls_last=True) if desc else expr.asc(nulls_last=True)
    return qs.order_by(expr, "-id" if desc else "id")


def headers(sort: str, query: str) -> list[dict]:
    """The table's column headers: label, the link that sorts by it (again: the other way), the arrow."""
    key, desc = parse_sort(sort)
    base = "&".join(p for p in query.split("&") if p and not p.startswith(("sort=", "page=")))
    out = []
    for col, label, field in COLUMNS:
        h = {"key": col, "label": label, "url": "", "arrow": "", "aria": "none"}
        if field:
            next_sort = f"-{col}" if key == col and not desc else col
            h["url"] = "?" + "&".join(p for p in (base, f"sort={next_sort}") if p)
            if key == col:
                h["arrow"], h["aria"] = ("↓", "descending") if desc else ("↑", "ascending")
        out.append(h)
    return out


def remaining(app, today: dt.date, calendar: Calendar) -> dict:
    """The 剩余工作日 cell: text, number (for sorting by eye) and the colour class."""
    if not app.is_open:
        return {"text": "已办结", "css": "done"}
    if app.due_date is None:
        return {"text": "暂停计时", "css": "paused"}
    n = calendar.workdays_between(today, app.due_date)
    if app.due_date < today:
        late = max(1, -n)
        return {"text": f"超期 {late} 个工作日", "css": "overdue"}
    if n == 0:
        return {"text": "今天到期", "css": "soon"}
    return {"text": f"{n} 个工作日", "css": "soon" if n <= 3 else "ok"}


def page_links(page) -> list:
    """Page numbers with ellipses (…) for the pager: 1 2 … 7 8 9 … 20 21."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


def saved_default(request) -> str:
    """The filter this browser saved as the list's default (a query string), or ""."""
    raw = request.COOKIES.get(COOKIE, "")
    if not raw:
        return ""
    try:
        return signing.loads(raw, salt=COOKIE_SALT, max_age=366 * 24 * 3600)
    except signing.BadSignature:
        return ""


def clean_query(query_dict) -> str:
    """Only the list's own filter parameters, in a stable order (what is saved as the default)."""
    from urllib.parse import urlencode

    pairs = [(k, query_dict.get(k, "").strip()) for k in FILTER_KEYS]
    return urlencode([(k, v[:100]) for k, v in pairs if v])
