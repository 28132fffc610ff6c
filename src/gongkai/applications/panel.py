"""The applications panel on the workbench home: due-soon and overdue counts."""

from __future__ import annotations

from django.db.models import Count, Q
from django.template.loader import render_to_string

from gongkai.applications import queues
from gongkai.applications.deadlines import today
from gongkai.applications.models import Application
from gongkai.applications.terms import TERMS


def workbench_panel(request) -> str:
    qs = Application.objects.for_user(request.user)
    day = today()
    limit = queues.soon_limit(day)
    counts = qs.filter(is_open=True).aggregate(
        soon=Count("pk", filter=Q(due_date__gte=day, due_date__lte=limit)),
        overdue=Count("pk", filter=Q(due_date__lt=day)),
        open=Count("pk"),
        mine=Count("pk", filter=Q(handler=request.user)),
        unconfirmed=Count("pk", filter=Q(receipt_date__isnull=True)),
    )
    if not any(counts.values()) and not qs.exists():
        return ""
    return render_to_string("applications/panel.html", {"counts": counts, "terms": TERMS}, request=request)
