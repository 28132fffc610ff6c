"""Art. 49 publication deadlines (rules.report_deadline), from rules.md §1.6."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.rules.report_deadline import publication_deadline, rule_sentence

D = dt.date


@pytest.mark.parametrize(
    ("year", "is_government", "expected", "why"),
    [
        (2021, False, D(2022, 1, 31), "department: 31 January of the next year"),
        (2021, True, D(2022, 3, 31), "government: 31 March of the next year"),
        (2019, False, D(2020, 1, 31), "the 2019 reports are the first under the revised Art. 49"),
        (2019, True, D(2020, 3, 31), "governments keep 31 March"),
        (2018, False, D(2019, 3, 31), "2008 条例: departments too had until 31 March"),
        (2018, True, D(2019, 3, 31), "2008 条例: 31 March"),
        (2024, False, D(2025, 1, 31), "a leap year changes nothing"),
    ],
)
def test_deadline(year, is_government, expected, why):
    assert publication_deadline(year, is_government) == expected, why


def test_sentences():
    assert rule_sentence() == "部门应于次年1月31日前、人民政府应于次年3月31日前发布"
    assert rule_sentence(2018) == "部门和人民政府均应于次年3月31日前发布"


@given(st.integers(2008, 2098), st.booleans())
def test_deadline_is_early_next_year_and_never_later_for_departments(year, is_government):
    deadline = publication_deadline(year, is_government)
    assert deadline.year == year + 1 and deadline.month <= 3
    assert publication_deadline(year, False) <= publication_deadline(year, True)


def test_list_page_states_the_rule(agency_tree, make_user, client):
    from django.urls import reverse

    client.force_login(make_user(agency_tree["dept"], "officer"))
    assert rule_sentence() in client.get(reverse("reports:list")).content.decode()
