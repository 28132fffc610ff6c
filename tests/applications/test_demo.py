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
