"""rules.idcard: the GB 11643-1999 check character of an 18-digit 居民身份证号码 (ISO 7064 MOD 11-2)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.rules import idcard


def test_weights_are_the_standards():
    assert idcard.WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


# (number, what `problem` says: "" when valid, else a phrase of its message)
CASES = [
    ("11010519491231002X", ""),            # the standard's example (check character X)
    ("11010519491231002x", ""),            # lower-case x is read as X
    ("440524188001010014", ""),            # the standard's other example
    ("510502199001191234", ""),            # the test fixtures' applicant
    ("510502198505050027", ""),            # the demo's 2020 applicant
    ("510502199001011234", "最后一位应为“X”，现为“4”"),  # the fixtures' former number
    ("510502198505050021", "最后一位应为“7”，现为“1”"),  # the demo's former number
    ("110105194912310021", "最后一位应为“X”"),
    ("51050219900101123", "应为18位"),       # 17 characters
    ("5105021990011912345", "应为18位"),     # 19 characters
    ("51050219900119123A", "应为18位"),      # a letter other than X at the end
    ("5105021990011912X4", "应为18位"),      # X not at the end
    ("５１０５０２１９９００１１９１２３４", "应为18位"),  # full-width digits
    ("510502199002301234", "不是有效日期"),   # 30 February
]


@pytest.mark.parametrize(("number", "said"), CASES)
def test_problem(number, said):
    text = idcard.problem(number)
    if said:
        assert said in text and "请" in text
    else:
        assert text == "" and idcard.is_valid(number)


births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2026, 12, 31))
heads = st.builds(lambda area, born, seq: f"{area:06d}{born:%Y%m%d}{seq:03d}",
                  st.integers(110000, 659999), births, st.integers(0, 999))


@settings(max_examples=200)
@given(head=heads)
def test_the_computed_check_character_makes_a_valid_number(head):
    assert idcard.is_valid(head + idcard.check_char(head))


@settings(max_examples=200)
@given(head=heads, position=st.integers(0, 16), delta=st.integers(1, 9))
def test_every_single_digit_error_is_caught(head, position, delta):
    """MOD 11-2 detects every change of one digit (the weights are all nonzero mod 11)."""
    number = head + idcard.check_char(head)
    wrong = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1:]
    assert idcard.check_char(wrong[:17]) != wrong[17]


@settings(max_examples=200)
@given(head=heads, position=st.integers(0, 15))
def test_every_swap_of_two_neighbouring_digits_is_caught(head, position):
    number = head + idcard.check_char(head)
    a, b = number[position], number[position + 1]
    swapped = number[:position] + b + a + number[position + 2:]
    assert (a == b) == (idcard.check_char(swapped[:17]) == swapped[17])
