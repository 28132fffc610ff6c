"""Receipt date by Art. 31."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.rules.receipt import Channel, ReceiptError, basis, date_problems, receipt_date

D = dt.date(2026, 3, 2)
C = dt.date(2026, 3, 4)


@pytest.mark.parametrize(
    ("channel", "confirmed", "expected"),
    [
        (Channel.IN_PERSON, None, D),
        (Channel.ORAL, None, D),
        (Channel.REGISTERED_POST, None, D),
        (Channel.ORDINARY_POST, None, None),
        (Channel.ORDINARY_POST, C, C),
        (Channel.ONLINE, None, None),
        (Channel.ONLINE, C, C),
        (Channel.EMAIL, C, C),
        (Channel.FAX, C, C),
        (Channel.IN_PERSON, C, D),  # a confirmation does not move an in-person receipt
    ],
)
def test_receipt_date_table(channel, confirmed, expected):
    assert receipt_date(channel, D, confirmed) == expected


def test_confirmation_before_arrival_is_refused():
    with pytest.raises(ReceiptError, match="不能早于"):
        receipt_date("online", C, D)


def test_basis_cites_the_article_item():
    assert "第（一）项" in basis("oral")
    assert "签收" in basis("registered_post")
    assert "第（三）项" in basis("fax")


@given(st.sampled_from(list(Channel)), st.dates(), st.integers(min_value=0, max_value=30))
def test_receipt_never_before_arrival(channel, arrival, lag):
    confirmed = arrival + dt.timedelta(days=lag) if arrival.year < 9999 else arrival
    got = receipt_date(channel, arrival, confirmed)
    assert got is not None and got >= arrival


def test_date_problems_neither_day_after_today():
    """Issue 11 item 1: the one rule (and message) the register form, the action and the API show."""
    assert date_problems(D, C, C) == {} and date_problems(D, None, D) == {} and date_problems(None, None, D) == {}
    problems = date_problems(C, None, D)
    assert list(problems) == ["arrival_date"]
    assert problems["arrival_date"].startswith("到达日期 2026-03-04 晚于今天（2026-03-02），不能登记尚未收到的申请")
    problems = date_problems(D, C, D)
    assert list(problems) == ["confirmed_date"] and "双方确认收到日期 2026-03-04 晚于今天（2026-03-02）" in problems[
        "confirmed_date"]
    assert set(date_problems(C, C, D)) == {"arrival_date", "confirmed_date"}
