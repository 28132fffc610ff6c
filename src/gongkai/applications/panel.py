"""The applications panel on the workbench home: due-soon and overdue counts."""

from __future__ import annotations

from django.template.loader import render_to_string

from gongkai.applications import queues
from gongkai.applications.clock import today
from gongkai.applications.models import Application
from gongkai.applications.terms import TERMS


def workbench_panel(request) -> str:
    qs = Application.objects.for_user(request.user)
    day = today()
    counts = {
        "soon": queues.due_soon(qs, day).count(),
        "overdue": queues.overdue(qs, day).count(),
        "open": qs.filter(is_open=True).count(),
        "mine": qs.filter(is_open=True, handler=request.user).count(),
        "unconfirmed": qs.filter(is_open=True, receipt_date__isnull=True).count(),
    }
    if not any(counts.values()) and not qs.exists():
        return ""
    return render_to_string("applications/panel.html", {"counts": counts, "terms": TERMS}, request=request)
