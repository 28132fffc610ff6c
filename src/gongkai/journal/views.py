import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import agencies_with_role, visible_agency_ids
from gongkai.journal.masking import as_seen_by
from gongkai.journal.models import Event
from gongkai.workbench.decorators import staff_required

READERS = {Role.AUDITOR, Role.SUPERVISOR}


def _date(value: str | None):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@staff_required
def event_list(request):
    if not visible_agency_ids(request.user, READERS):
        raise PermissionDenied("只有安全审计员和政务公开办可以查看事件日志。")
    qs = Event.objects.for_user(request.user).select_related("agency")
    g = request.GET
    if g.get("agency"):
        qs = qs.filter(agency_id=g["agency"]) if g["agency"].isdigit() else qs.none()
    if g.get("actor"):
        qs = qs.filter(actor_name__icontains=g["actor"])
    if g.get("action"):
        qs = qs.filter(action__icontains=g["action"])
    if g.get("object_type"):
        qs = qs.filter(object_type=g["object_type"])
    if g.get("object_id"):
        qs = qs.filter(object_id=g["object_id"])
    if start := _date(g.get("from")):
        qs = qs.filter(at__date__gte=start)
    if end := _date(g.get("to")):
        qs = qs.filter(at__date__lte=end)
    page = Paginator(qs, 50).get_page(g.get("page"))
    # the auditor sees who did what, when, to which record — not the business text (journal.masking)
    rows = as_seen_by(page, visible_agency_ids(request.user, {Role.SUPERVISOR}))
    query = g.copy()
    query.pop("page", None)
    return render(
        request,
        "journal/list.html",
        {"page": page, "rows": rows, "agencies": agencies_with_role(request.user, *READERS), "f": g,
         "query": query.urlencode()},
    )
