import datetime as dt

import pytest

from gongkai.journal.actors import SYSTEM

from . import ledger

D = dt.date


@pytest.fixture
def year_2021(agency_tree):
    """One department's 2021 in the ledgers, with a case carried in from 2020 and one carried out."""
    dept = agency_tree["dept"]
    a = ledger.application
    a(dept, D(2020, 12, 20), "business", closed=D(2021, 1, 8), outcome_row="r1")  # carried in, disclosed
    a(dept, D(2021, 2, 1), closed=D(2021, 2, 20), outcome_row="r1")
    a(dept, D(2021, 3, 1), closed=D(2021, 3, 15), outcome_row="r2")
    a(dept, D(2021, 3, 2), "research", closed=D(2021, 3, 25), outcome_row="r3_4")
    a(dept, D(2021, 4, 1), closed=D(2021, 4, 28), outcome_row="r4_1")
    a(dept, D(2021, 4, 2), "legal_services", closed=D(2021, 4, 9), outcome_row="r5_2")
    a(dept, D(2021, 5, 6), closed=D(2021, 6, 20), outcome_row="r6_1")
    a(dept, D(2021, 6, 1), "other", closed=D(2021, 7, 30), outcome_row="r6_2")
    a(dept, D(2021, 7, 1), "public_interest", closed=D(2021, 7, 2), outcome_row="r6_3",
      fee_paid=(D(2021, 7, 1), "300.00"))
    a(dept, D(2021, 12, 28))  # open on 31 December: carried out
    a(agency_tree["other"], D(2021, 5, 5), closed=D(2021, 5, 6), outcome_row="r1")  # another agency
    ledger.appeal(dept, "reconsideration", D(2021, 3, 1), "upheld", D(2021, 5, 1))
    ledger.appeal(dept, "reconsideration", D(2021, 9, 1))  # pending
    ledger.appeal(dept, "lawsuit_direct", D(2021, 10, 1), "corrected", D(2021, 12, 1))
    for day in (3, 4, 5, 6):
        ledger.item(dept, D(2021, 1, day))
    ledger.item(dept, D(2021, 2, 1), channels=("website", "wechat"))
    ledger.item(dept, D(2021, 2, 2), channels=("weibo",))
    ledger.item(dept, D(2021, 2, 3), channels=("press",))
    ledger.tally(dept, "wechat", D(2021, 3, 1), 5)
    normative = ledger.item(dept, D(2021, 3, 1), channels=("website",), doc_type="normative",
                            formed=D(2021, 2, 20), validity="valid", requires_interpretation=True)
    ledger.item(dept, D(2021, 3, 2), channels=("website",), doc_type="interpretation", interprets=[normative])
    ledger.item(dept, D(2020, 5, 1), channels=("website",), doc_type="normative", validity="valid")
    ledger.letter(dept, D(2021, 1, 10), D(2021, 1, 12), D(2021, 1, 13))
    ledger.letter(dept, D(2021, 2, 10), D(2021, 2, 12))
    ledger.letter(dept, D(2021, 12, 30))
    ledger.survey(dept, D(2021, 6, 1))
    return dept


def set_figures(agency, year, figures, source="执法台账"):
    from gongkai.reports import actions

    for (row, col), value in figures.items():
        actions.set_manual_figure(SYSTEM, agency, year, row, col, value, source)
