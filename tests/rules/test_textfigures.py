"""Text figures (rules.textfigures): shares rounded half up, figures read from real sentences."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.rules.textfigures import extract_figures, share


@pytest.mark.parametrize(
    "part,whole,expected",
    [
        (1369, 1623, "84.35"),  # the seed prints 84.34 (truncated)
        (191, 1623, "11.77"),  # the seed prints 11.76
        (63, 1623, "3.88"),  # the seed prints 3.9
        (42, 81, "51.85"),
        (1, 8, "12.50"),  # exactly half: up
        (1, 3, "33.33"),
        (2, 3, "66.67"),
        (0, 5, "0.00"),
        (5, 0, "0"),
    ],
)
def test_share_rounds_half_up(part, whole, expected):
    assert share(part, whole) == Decimal(expected)


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_share_is_within_half_a_hundredth(part, whole):
    s = share(part, whole)
    assert abs(s - Decimal(part) * 100 / whole) <= Decimal("0.005")


@pytest.mark.parametrize(
    "sentence,name,value",
    [
        ("2020年,新受理政府信息公开申请1件,上年转结政府信息公开申请0件,全年办结1件,转下一年办理0件。", "received", 1),
        ("2020年,新受理政府信息公开申请1件,上年转结政府信息公开申请0件,全年办结1件,转下一年办理0件。", "carried_in", 0),
        ("2020年,新受理政府信息公开申请1件,上年转结政府信息公开申请0件,全年办结1件,转下一年办理0件。", "closed", 1),
        ("2020年,新受理政府信息公开申请1件,上年转结政府信息公开申请0件,全年办结1件,转下一年办理0件。", "carried_out", 0),
        ("2023 年全区受理政府信息公开申请 21 件，均在法定期限答复。", "received", 21),
        ("2023年度我局共收到依申请信息公开26件，及时回复申请人", "received", 26),
        ("各类政府信息公开申请共计81件，涉及自然人80件、商业企业1件。", "type_natural_person", 80),
        ("各类政府信息公开申请共计81件，涉及自然人80件、商业企业1件。", "type_business", 1),
        ("其中：予以公开及部分公开42件，占51.85%；不予公开5件，占6.17%；", "outcome_public_and_partial", 42),
        ("其中：予以公开及部分公开42件，占51.85%；不予公开5件，占6.17%；", "outcome_refused", 5),
        ("0件予以公开、占比0%,0件予以部分公开、占比0%,1件无法提供", "outcome_unable", 1),
        ("因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。", "reconsideration", 2),
        ("因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。", "lawsuit", 7),
        ("本年度未受理因政府信息公开提起的行政复议申请件。", "reconsideration", 0),
        ("本年度未发生因政府信息公开引起的行政复议和行政诉讼。", "lawsuit", 0),
        ("2020年,累计公开政府信息1623条(不含政务服务等专业平台发布的数据)。", "proactive_total", 1623),
        ("全年收取政府信息公开信息处理费 0 元。", "fee", 0),
        ("淮安市政府全年共收取信息处理费3940元。", "fee", 3940),
        ("2023年，无收取信息处理费情况。", "fee", 0),
        ("县发展和改革局政府信息公开未发生收费情况。", "fee", 0),
    ],
)
def test_figures_read_from_sentences(sentence, name, value):
    figs = extract_figures(sentence)
    assert figs.first(name) == value, figs.figures


def test_share_denominator_found_in_context():
    figs = extract_figures("累计公开政府信息1623条。政府网站公开信息1369条,占比84.34%;政务新媒体191条、占比11.76%。")
    assert [(s.count, s.whole, str(s.correct)) for s in figs.shares] == [(1369, 1623, "84.35"), (191, 1623, "11.77")]


def test_share_without_a_plausible_total_is_not_judged():
    figs = extract_figures("网站访问量同比增长，其中移动端访问120次，占比35%。")
    assert figs.shares[0].whole is None and figs.shares[0].correct is None
