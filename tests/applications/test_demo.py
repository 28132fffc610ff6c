"""Demo data: 泸州市统计局 2020 exactly as its published report; idempotent."""

import pytest

from gongkai.appeals.reporting import table4_counts
from gongkai.applications import demo
from gongkai.applications.models import Application
from gongkai.applications.reporting import table3_counts
from gongkai.journal.models import Event


@pytest.fixture
def demo_agencies(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from gongkai.agencies import demo as agencies_demo

    agencies_demo.load()


def test_seed_figures_for_2020_and_idempotence(demo_agencies):
    from gongkai.agencies.models import Agency

    demo.load(only=["luzhou-tjj", "luzhou-sthjj"])
    tjj = Agency.objects.get(slug="luzhou-tjj")
    counts = table3_counts([tjj.id], 2020)
    nonzero = {(row, t): n for row, cols in counts.items() for t, n in cols.items() if n}
    assert nonzero == {("new", "natural_person"): 1, ("r4_1", "natural_person"): 1}
    assert table4_counts([tjj.id], 2020) == [0] * 15
    assert table3_counts([tjj.id], 2019) == table3_counts([tjj.id], 2018)
    # a realistic current year: several outcomes, some still open
    this_year = Application.objects.filter(agency=tjj, receipt_date__year__gte=2025)
    assert this_year.count() >= 10 and this_year.filter(is_open=True).exists()
    assert this_year.values("outcome_row").distinct().count() >= 3
    before = (Application.objects.count(), Event.objects.count())
    demo.load(only=["luzhou-tjj", "luzhou-sthjj"])
    assert (Application.objects.count(), Event.objects.count()) == before


def test_a_case_received_today_online_is_loaded_awaiting_confirmation(demo_agencies):
    """Review of the date rule (rules.receipt.date_problems): registration refuses a confirmation after today,
    so a demo case received online or by e-mail on the last working day (its confirmation would fall on the
    next one) is loaded unconfirmed, as such a case stands, instead of making `gongkai demo` fail that day."""
    import random

    from gongkai.agencies.models import Agency
    from gongkai.applications.deadlines import today

    agency = Agency.objects.get(slug="luzhou-tjj")
    officer = demo._actor(agency)
    reviewer = demo._reviewer(agency, officer)
    now = today()
    for n in range(8):  # fixed seeds: several of them draw the online or the e-mail channel
        demo._case(agency, officer, reviewer, random.Random(f"received-today-{n}"), 500 + n, now, now)
    cases = Application.objects.filter(submit_token__startswith="demo:luzhou-tjj:5")
    waiting = cases.filter(channel__in=("online", "email"))
    assert cases.count() == 8 and waiting.exists()
    assert all(a.receipt_date is None and a.confirmed_date is None and a.state == "registered" for a in waiting)
