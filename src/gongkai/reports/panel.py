"""The workbench panel: annual reports due (Art. 49 deadlines) for the agencies the user drafts for."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.agencies.scoping import agencies_with_role
from gongkai.reports.models import AnnualReport, State, deadline_for


def panel(request):
    from gongkai.reports.actions import DRAFT_ROLES

    user = request.user
    today = timezone.localdate()
    year = today.year - 1
    agencies = list(agencies_with_role(user, *DRAFT_ROLES)[:50])
    latest: dict[int, AnnualReport] = {}
    for r in AnnualReport.objects.filter(agency_id__in=[a.pk for a in agencies], year=year).order_by(
            "agency_id", "-updated_at"):
        latest.setdefault(r.agency_id, r)
    rows = []
    for agency in agencies:
        report = latest.get(agency.pk)
        deadline = deadline_for(agency, year)
        rows.append({"agency": agency, "report": report, "deadline": deadline, "days": (deadline - today).days,
                     "published": report is not None and report.state == State.PUBLISHED})
    if not rows:
        return ""
    return render_to_string("reports/panel.html", {"rows": rows, "year": year}, request=request)
