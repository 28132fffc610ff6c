"""109号 fee tiers (rules.md §3): the worked examples, tables, and properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.rules.fees import (
    FeeMethod,
    PageConversion,
    compute_fee,
    fee_by_count,
    fee_by_volume,
    fee_per_item,
)


@pytest.mark.parametrize(
    ("k", "fee"),
    [(1, 0), (10, 0), (11, 100), (20, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400),
     (61, 500)],
)
def test_fee_per_item_tiers(k, fee):
    assert fee_per_item(k) == fee


@pytest.mark.parametrize(
    ("pages", "fee"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_fee_by_volume_bands(pages, fee):
    # rules.md §3 worked example: 250 pages -> 700 + 2000 + 2000 = 4700 元
    assert fee_by_volume(pages) == fee


def test_fee_by_count_accumulates_within_the_month():
    # 35 applications in one month: 10 free, 20 at 100, 5 at 200
    assert fee_by_count(0, 35) == 20 * 100 + 5 * 200
    # the 12th application alone, after 11 earlier ones
    assert fee_by_count(11, 1) == 100
    assert compute_fee(FeeMethod.BY_COUNT, earlier_this_month=9, items=2) == 100
    assert compute_fee("by_volume", pages=250) == 4700


def test_negative_inputs_are_refused_in_chinese():
    with pytest.raises(ValueError, match="页数"):
        fee_by_volume(-1)
    with pytest.raises(ValueError, match="序号"):
        fee_per_item(0)


def test_page_conversion_is_configuration_not_a_guess():
    conv = PageConversion({"A3": Decimal(2), "电子数据MB": Decimal("2.5")})
    assert conv.total_pages([("A4", 10), ("A3", 3), ("电子数据MB", Decimal("1.1"))]) == 10 + 6 + 3
    with pytest.raises(ValueError, match="未配置“光盘”"):
        conv.pages("光盘", 1)


@given(st.integers(min_value=30, max_value=2000))
def test_volume_fee_is_monotonic_and_marginal_rate_matches_band(p):
    step = fee_by_volume(p + 1) - fee_by_volume(p)
    expected = 10 if p + 1 <= 100 else 20 if p + 1 <= 200 else 40
    assert step == expected


@given(st.integers(min_value=0, max_value=300), st.integers(min_value=0, max_value=60),
       st.integers(min_value=0, max_value=60))
def test_count_fee_splits_additively(earlier, a, b):
    assert fee_by_count(earlier, a + b) == fee_by_count(earlier, a) + fee_by_count(earlier + a, b)


@given(st.integers(min_value=1, max_value=500))
def test_per_item_fee_never_decreases(k):
    assert fee_per_item(k + 1) >= fee_per_item(k)
