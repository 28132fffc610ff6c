"""Confirming a calendar year recomputes stored deadlines of open cases and journals each change."""

import datetime as dt

from gongkai.journal.actors import SYSTEM
from gongkai.journal.models import Event
from gongkai.workcalendar.actions import confirm_year
from gongkai.workcalendar.service import clear_cache, get_calendar

from .signoff import reply_signed


def test_confirming_2027_recomputes_a_provisional_due_date(received, make_user, agency_tree, as_of):
    with as_of(dt.date(2026, 12, 15)):
        app = received(dt.date(2026, 12, 15))
        closed = received(dt.date(2026, 12, 15))
    assert app.clock_provisional and app.due_date.year == 2027
    assert app.due_date == get_calendar().add_workdays(dt.date(2026, 12, 15), 20)

    reply_signed(make_user(agency_tree["dept"], "officer"), SYSTEM, closed, "not_held", on=dt.date(2026, 12, 16))

    admin = make_user(None, "sysadmin", is_superuser=True)
    # a notice that adds 4 January 2027 as a holiday moves the deadline by one working day
    confirm_year(admin, 2027, {dt.date(2027, 1, 1): "元旦", dt.date(2027, 1, 4): "元旦"}, {})
    clear_cache()
    cal = get_calendar()
    old_due = app.due_date
    app.refresh_from_db()
    assert not app.clock_provisional
    assert app.due_date == cal.add_workdays(dt.date(2026, 12, 15), 20) and app.due_date > old_due
    ev = Event.objects.for_object(app).get(action="application.deadline_recomputed")
    assert ev.before["due_date"] == old_due.isoformat() and ev.after["due_date"] == app.due_date.isoformat()
    assert "2027年" in ev.note
    assert not Event.objects.for_object(closed).filter(action="application.deadline_recomputed").exists()
