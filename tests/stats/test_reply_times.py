"""Reply times from grouped counts: on-time share and working-day percentiles."""

import datetime as dt

import pytest

from gongkai.applications.models import Application
from gongkai.applications.reply_times import reply_stats, reply_stats_by_agency
from gongkai.rules.distribution import weighted_percentile

from .ledger import application


def test_weighted_percentile():
    assert weighted_percentile({}, 50) is None
    assert weighted_percentile({3: 1}, 50) == 3
    assert weighted_percentile({1: 1, 5: 1}, 50) == 3  # mean of the two middle values
    assert weighted_percentile({1: 2, 5: 1}, 50) == 1
    dist = {d: 1 for d in range(1, 11)}  # 1..10
    assert weighted_percentile(dist, 90) == 9 and weighted_percentile(dist, 100) == 10
    assert weighted_percentile({2: 9, 30: 1}, 90) == 2 and weighted_percentile({2: 8, 30: 2}, 90) == 30
    with pytest.raises(ValueError):
        weighted_percentile(dist, 0)


@pytest.mark.django_db
def test_reply_stats_by_agency(agency_tree, calendar):
    dept, other = agency_tree["dept"], agency_tree["other"]
    monday = dt.date(2025, 3, 3)
    # dept: replies after 5, 5 and 25 working days; the 25-day one had a due date it missed
    for days in (5, 5):
        application(dept, monday, closed=calendar.add_workdays(monday, days), outcome_row="r1")
    late = application(dept, monday, closed=calendar.add_workdays(monday, 25), outcome_row="r1")
    Application.objects.filter(pk=late.pk).update(due_date=calendar.add_workdays(monday, 20))
    # imported without a due date and extended: 30 working days is within 40
    extended = application(dept, monday, closed=calendar.add_workdays(monday, 30), outcome_row="r2")
    Application.objects.filter(pk=extended.pk).update(extended=True)
    application(dept, monday)  # still open: not counted
    application(other, monday, closed=calendar.add_workdays(monday, 12), outcome_row="r1")
    application(other, dt.date(2024, 3, 1), closed=dt.date(2024, 3, 5), outcome_row="r1")  # closed in 2024
    stats = reply_stats_by_agency([dept.pk, other.pk], 2025, calendar)
    assert stats[dept.pk]["closed"] == 4 and stats[dept.pk]["within"] == 3
    assert stats[dept.pk]["within_rate"] == 75.0
    assert stats[dept.pk]["median"] == 15.0 and stats[dept.pk]["p90"] == 30
    assert stats[other.pk]["closed"] == 1 and stats[other.pk]["median"] == 12
    together = reply_stats([dept.pk, other.pk], 2025, calendar)
    assert together["closed"] == 5 and together["within"] == 4 and together["median"] == 12
