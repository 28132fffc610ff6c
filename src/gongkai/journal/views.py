import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import agencies_with_role, visible_agency_ids
from gongkai.common.params import parse_int
from gongkai.journal.display import decorate, model_for
from gongkai.journal.labels import action_choices
from gongkai.journal.masking import as_seen_by
from gongkai.journal.models import Event
from gongkai.workbench.decorators import staff_required

READERS = {Role.AUDITOR, Role.SUPERVISOR}
OBJECT_TYPES = ("applications.application", "disclosures.disclosureitem", "interactions.mailboxletter",
                "interactions.survey", "appeals.appeal", "reports.annualreport", "accounts.user",
                "agencies.agency", "agencies.membership", "workcalendar.calendaryear")


MAX_ID = 2**63 - 1  # the largest id a database column holds; a longer number matches nothing


def _text(value: str | None) -> str:
    """A text filter as the database can take it (no NUL, bounded length)."""
    return (value or "").replace("\x00", "")[:200]


def _date(value: str | None):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# the list's filters besides the agency: (query parameter, how its value is read, the lookup it filters by);
# an empty or unreadable value filters nothing
FILTERS = (
    ("actor", _text, "actor_name__icontains"),
    ("action", _text, "action"),
    ("object_type", _text, "object_type"),
    ("object_id", _text, "object_id"),
    ("from", _date, "at__date__gte"),
    ("to", _date, "at__date__lte"),
)


def _object_types() -> list[tuple[str, str]]:
    labels = [(t, model_for(t)) for t in OBJECT_TYPES]
    return [(t, str(m._meta.verbose_name)) for t, m in labels if m is not None]


@staff_required
def event_list(request):
    if not visible_agency_ids(request.user, READERS):
        raise PermissionDenied("只有安全审计员和政务公开办可以查看事件日志。")
    qs = Event.objects.for_user(request.user).select_related("agency")
    g = request.GET
    if g.get("agency"):
        agency = parse_int(g["agency"], minimum=1, maximum=MAX_ID)
        qs = qs.filter(agency_id=agency) if agency is not None else qs.none()
    for param, read, lookup in FILTERS:
        if value := read(g.get(param)):
            qs = qs.filter(**{lookup: value})
    page = Paginator(qs, 50).get_page(g.get("page"))
    # the auditor sees who did what, when, to which record — not the business text (journal.masking)
    rows = as_seen_by(page, visible_agency_ids(request.user, {Role.SUPERVISOR}))
    query = g.copy()
    query.pop("page", None)
    return render(
        request,
        "journal/list.html",
        {"page": page, "events": decorate(rows), "agencies": agencies_with_role(request.user, *READERS),
         "f": g, "query": query.urlencode(), "action_choices": action_choices(), "object_types": _object_types()},
    )
