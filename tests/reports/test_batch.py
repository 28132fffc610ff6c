"""reports.batch: every agency's tables from grouped queries equal the contract's per-agency figures."""

import datetime as dt

import pytest

from gongkai.reports.batch import tables_by_agency
from gongkai.reports.compute import compute_tables

from . import ledger
from .conftest import set_figures


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_grouped_tables_equal_per_agency_tables(year_2021, agency_tree, fmt):
    other, county = agency_tree["other"], agency_tree["county"]
    ledger.application(other, dt.date(2020, 12, 30), "research")  # carried in, still open
    ledger.appeal(other, "lawsuit_direct", dt.date(2021, 6, 1), "other", dt.date(2021, 7, 1))
    ledger.item(other, dt.date(2021, 4, 1), doc_type="regulation", validity="valid")
    set_figures(other, 2021, {("penalty", "decisions"): 4, ("penalty", "previous"): 2})
    set_figures(year_2021, 2021, {("fees", "amount"): "0.5"})
    agencies = list(agency_tree.values())
    grouped = tables_by_agency(agencies, 2021, fmt)
    assert set(grouped) == {a.pk for a in agencies}
    for agency in agencies:
        one = compute_tables([agency.pk], 2021, fmt, agency=agency.name)
        mine = grouped[agency.pk]
        assert (mine.table2, mine.table3, mine.table4) == (one.table2, one.table3, one.table4), agency.name
    assert grouped[other.pk].t3("carried_in")[2] == 1 and grouped[county.pk].t3("new")[6] == 0
