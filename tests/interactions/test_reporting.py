import datetime as dt

import pytest

from gongkai.interactions import reporting
from gongkai.interactions.models import SurveyStatus

from . import factories as f

D = dt.date


@pytest.fixture
def ledger(agency_tree):
    dept, other, county_dept = agency_tree["dept"], agency_tree["other"], agency_tree["county_dept"]
    # dept, 2020: 4 received; 3 answered by year end (one more answered in January 2021); 2 published
    f.letter(dept, D(2020, 1, 6), answered_on=D(2020, 1, 10), published_on=D(2020, 1, 12))
    f.letter(dept, D(2020, 5, 6), answered_on=D(2020, 5, 10), published_on=D(2020, 5, 12))
    f.letter(dept, D(2020, 7, 6), answered_on=D(2020, 7, 9))
    f.letter(dept, D(2020, 12, 30), answered_on=D(2021, 1, 5), published_on=D(2021, 1, 6))
    # dept, other years
    f.letter(dept, D(2019, 12, 31), answered_on=D(2020, 1, 3), published_on=D(2020, 1, 4))
    f.letter(dept, D(2021, 1, 2))
    # other agencies in 2020
    f.letter(other, D(2020, 3, 3), answered_on=D(2020, 3, 4), published_on=D(2020, 3, 5))
    f.letter(county_dept, D(2020, 3, 3))
    f.survey(dept, D(2020, 4, 1))
    f.survey(dept, D(2020, 11, 1), status=SurveyStatus.OPEN)
    f.survey(dept, D(2020, 6, 1), status=SurveyStatus.DRAFT)
    f.survey(dept, D(2021, 1, 1))
    f.survey(other, D(2020, 2, 1))
    return agency_tree


def test_mailbox_stats_count_the_year_received_as_of_year_end(ledger):
    dept = ledger["dept"]
    assert reporting.mailbox_stats([dept.id], 2020) == {"received": 4, "answered": 3, "published": 2}
    assert reporting.mailbox_stats([dept.id], 2019) == {"received": 1, "answered": 0, "published": 0}
    assert reporting.mailbox_stats([dept.id], 2021) == {"received": 1, "answered": 0, "published": 0}


def test_mailbox_stats_add_up_over_agencies(ledger):
    ids = [a.id for a in ledger.values()]
    assert reporting.mailbox_stats(ids, 2020) == {"received": 6, "answered": 4, "published": 3}
    assert reporting.mailbox_stats([], 2020) == {"received": 0, "answered": 0, "published": 0}


def test_mailbox_drilldown_lists_exactly_the_counted_letters(ledger):
    ids = [a.id for a in ledger.values()]
    stats = reporting.mailbox_stats(ids, 2020)
    for key, count in stats.items():
        rows = list(reporting.mailbox_drilldown(ids, 2020, key))
        assert len(rows) == count
        assert all(r.received_on.year == 2020 for r in rows)
    answered = reporting.mailbox_drilldown(ids, 2020, "answered")
    assert all(r.answered_on <= D(2020, 12, 31) for r in answered)
    with pytest.raises(ValueError, match="未知的信箱统计项"):
        reporting.mailbox_drilldown(ids, 2020, "bogus")


def test_survey_count_skips_drafts_and_other_years(ledger):
    dept = ledger["dept"]
    assert reporting.survey_count([dept.id], 2020) == 2
    assert reporting.survey_count([dept.id, ledger["other"].id], 2020) == 3
    assert reporting.survey_count([dept.id], 2021) == 1
    titles = [s.opens_on for s in reporting.survey_drilldown([dept.id], 2020)]
    assert titles == [D(2020, 4, 1), D(2020, 11, 1)]


def test_stats_are_one_query(ledger, django_assert_num_queries):
    ids = [ledger["dept"].id]
    with django_assert_num_queries(1):
        reporting.mailbox_stats(ids, 2020)
    with django_assert_num_queries(1):
        reporting.survey_count(ids, 2020)


def test_by_agency_figures_are_one_query_each_and_sum_to_the_set(ledger, django_assert_num_queries):
    ids = [a.id for a in ledger.values()]
    with django_assert_num_queries(1):
        letters = reporting.mailbox_stats_by_agency(ids, 2020)
    with django_assert_num_queries(1):
        surveys = reporting.survey_count_by_agency(ids, 2020)
    assert set(letters) == set(surveys) == set(ids)
    for i in ids:
        assert letters[i] == reporting.mailbox_stats([i], 2020)
        assert surveys[i] == reporting.survey_count([i], 2020)
    assert letters[ledger["dept"].id] == {"received": 4, "answered": 3, "published": 2}
    assert letters[ledger["county_dept"].id] == {"received": 1, "answered": 0, "published": 0}
    assert letters[ledger["city"].id] == {"received": 0, "answered": 0, "published": 0}
    assert surveys[ledger["dept"].id] == 2 and surveys[ledger["other"].id] == 1
    assert {k: sum(s[k] for s in letters.values()) for k in reporting.MAILBOX_KEYS} == reporting.mailbox_stats(ids, 2020)
    assert sum(surveys.values()) == reporting.survey_count(ids, 2020)
