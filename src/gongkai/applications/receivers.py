"""Signal receivers of the applications app: recompute stored deadlines when the calendar changes
(`workcalendar.signals.calendar_changed`)."""

from __future__ import annotations

from django.db.models import Q

from gongkai.applications.models import Application
from gongkai.journal.actors import SYSTEM


def on_calendar_changed(sender, years, actor, **kwargs) -> int:
    """The recomputation is the platform's own work following a calendar change, journaled as SYSTEM on
    each case (the person who changed the calendar is named on the calendar's own journal entry, in
    the same transaction; they need hold no role at the agencies whose cases move)."""
    from gongkai.applications.actions import recompute_deadline

    years = set(years or ())
    if not years:
        return 0
    lo = min(years)
    # open cases whose clock could pass through the changed years: received up to the last changed year
    # and either provisional or due on/after the first changed year
    affected = Application.objects.open().filter(receipt_date__isnull=False, receipt_date__year__lte=max(years)).filter(
        Q(clock_provisional=True) | Q(due_date__year__gte=lo) | Q(due_date__isnull=True)
    )
    note = "、".join(f"{y}年" for y in sorted(years)) + "节假日安排确认，重新计算期限"
    changed = 0
    for app in affected.select_related("agency").iterator():
        if recompute_deadline(SYSTEM, app, reason=note):
            changed += 1
    return changed
