"""Every outcome maps to exactly one table-3 row in each format (rules.md §1.5)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.rules import outcomes
from gongkai.rules.formats import FORMAT_2019, FORMAT_2021

EXPECTED = {
    "already_public": "r1", "disclosed": "r1", "partial": "r2",
    "state_secret": "r3_1", "prohibited_by_law": "r3_2", "three_safety": "r3_3", "third_party": "r3_4",
    "internal_affairs": "r3_5", "process_info": "r3_6", "enforcement_file": "r3_7", "administrative_query": "r3_8",
    "not_held": "r4_1", "not_responsible": "r4_1", "needs_creation": "r4_2", "unclear_after_correction": "r4_3",
    "petition": "r5_1", "repeated": "r5_2", "publication": "r5_3", "excessive": "r5_4", "confirm_reissue": "r5_5",
    "correction_lapsed": "r6_1", "fee_unpaid": "r6_2", "withdrawn": "r6_3", "other": "r6_3",
}


@pytest.mark.parametrize(("code", "row"), sorted(EXPECTED.items()))
def test_outcome_rows_in_both_formats(code, row):
    o = outcomes.get(code)
    assert o.row(FORMAT_2021) == row
    assert o.row("2019") == ("r6" if row.startswith("r6_") else row)


@pytest.mark.parametrize("fmt", [FORMAT_2019, FORMAT_2021], ids=["2019", "2021"])
def test_each_outcome_hits_exactly_one_result_row(fmt):
    result_rows = fmt.outcome_keys
    for o in outcomes.OUTCOMES:
        hits = [k for k in result_rows if k == o.row(fmt)]
        assert len(hits) == 1, (o.code, fmt.code)
    # and every result row of the format is reachable from some outcome
    assert {o.row(fmt) for o in outcomes.OUTCOMES} == set(result_rows)


def test_list_is_the_fixed_one_with_basis_and_letter():
    assert {o.code for o in outcomes.OUTCOMES} == set(EXPECTED)
    for o in outcomes.OUTCOMES:
        assert o.basis and o.decision and o.letter in outcomes.LETTER_TITLES
    assert outcomes.get("not_held").basis.endswith("第三十六条第（四）项")
    assert outcomes.codes_for_row("r6") == ("correction_lapsed", "fee_unpaid", "withdrawn", "other")
    with pytest.raises(ValueError, match="未知的答复类型"):
        outcomes.get("nope")


@given(st.sampled_from(outcomes.OUTCOMES))
def test_codes_for_row_inverts_row(o):
    assert o.code in outcomes.codes_for_row(o.row_2021)
    assert o.code in outcomes.codes_for_row(o.row_2019)
