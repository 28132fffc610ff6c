"""rules.report_text (shares half-up, drafted paragraphs) and rules.rollup (sums of member tables)."""

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.rules.evaluation import has_year_on_year
from gongkai.rules.report_data import ReportData
from gongkai.rules.report_text import (
    Channels,
    Mailbox,
    Outcomes,
    OverviewFigures,
    Previous,
    draft_overview,
    fee_sentence,
    share,
)
from gongkai.rules.rollup import RollupError, rollup

from .helpers import distinct_data


@pytest.mark.parametrize(
    ("part", "total", "expected"),
    [
        (1369, 1623, "84.35%"),  # the seed printed the truncated 84.34%
        (191, 1623, "11.77%"),  # the seed printed 11.76%
        (63, 1623, "3.88%"),
        (1, 1, "100%"),
        (0, 5, "0%"),
        (0, 0, "0%"),
        (1, 8, "12.50%"),
        (1, 3, "33.33%"),
        (2, 3, "66.67%"),
        (1, 200, "0.50%"),
        (1, 400, "0.25%"),
        (1, 800, "0.13%"),  # 0.125 rounds half-up
    ],
)
def test_share_rounds_half_up_to_two_decimals(part, total, expected):
    assert share(part, total) == expected


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_share_is_within_half_a_hundredth_of_the_exact_share(part, total):
    printed = Decimal(share(part, total).rstrip("%"))
    exact = Decimal(part) * 100 / Decimal(total)
    assert abs(printed - exact) <= Decimal("0.005")
    assert printed == exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_overview_states_the_seed_figures():
    f = OverviewFigures(
        year=2020,
        channels=Channels(total=1623, website=1369, new_media=191, wechat=62, weibo=129, traditional=63),
        interpretations=1, documents_requiring=1, documents_interpreted=1,
        mailbox=Mailbox(received=44, answered=44, published=44), surveys=1,
        applications=Outcomes(new=1, finished=1, groups={"r4": 1}),
    )
    text = draft_overview(f)
    for phrase in (
        "累计主动公开政府信息1623条",
        "政府网站公开信息1369条，占比84.35%",
        "政务新媒体公开信息191条，占比11.77%",
        "政务微信公开信息62条",
        "政务微博公开信息129条",
        "传统公开载体公开信息63条，占比3.88%",
        "解读率100%",
        "领导信箱来信44件",
        "开展网上调查1期",
        "新收政府信息公开申请1件",
        "无法提供1件、占比100%",
    ):
        assert phrase in text, phrase
    assert "予以公开" not in text  # outcomes with no case are not listed


def test_fee_sentence():
    assert "收取信息处理费3940元" in fee_sentence(2024, Decimal("3940.00"))
    assert "12.50元" in fee_sentence(2024, Decimal("12.5"), closed_unpaid=2)


@given(st.lists(st.integers(0, 50), min_size=1, max_size=4))
def test_rollup_sums_every_cell(seeds):
    members = []
    for s in seeds:
        d = distinct_data("2021")
        d.table3 = {k: [v + s for v in vals] for k, vals in d.table3.items()}
        d.table4 = [v * s for v in d.table4]
        members.append(d)
    total = rollup(members, "2021", agency="测试市人民政府", year=2022)
    for label, values in total.table3.items():
        assert values == [sum(m.table3[label][i] for m in members) for i in range(7)]
    assert total.table4 == [sum(m.table4[i] for m in members) for i in range(15)]
    assert total.table2["行政事业性收费"] == [round(12.75 * len(members), 6)]


def test_rollup_refuses_mixed_formats():
    with pytest.raises(RollupError, match="格式"):
        rollup([distinct_data("2019"), distinct_data("2021")], "2021")


def test_rollup_of_nothing_is_empty():
    assert rollup([], "2019").table3 == ReportData.empty("2019").table3


def test_outcome_groups_come_from_the_table3_rows():
    from gongkai.rules.formats import FORMAT_2019, FORMAT_2021
    from gongkai.rules.report_text import OUTCOME_GROUPS

    assert OUTCOME_GROUPS == (("r1", "予以公开"), ("r2", "部分公开"), ("r3", "不予公开"),
                              ("r4", "无法提供"), ("r5", "不予处理"), ("r6", "其他处理"))
    for spec in (FORMAT_2019, FORMAT_2021):  # every result row of either format falls in one group
        assert {r.key[:2] for r in spec.table3_result_rows} == {k for k, _ in OUTCOME_GROUPS}
        for r in spec.table3_result_rows:
            assert dict(OUTCOME_GROUPS)[r.key[:2]] in r.group


def test_application_paragraph_names_each_group_with_its_share():
    from gongkai.rules.report_text import application_paragraph

    f = OverviewFigures(year=2021, applications=Outcomes(new=4, finished=4, groups={"r1": 3, "r5": 1}))
    assert "已办结的申请中，予以公开3件、占比75%，不予处理1件、占比25%。" in application_paragraph(f)


# --- year on year (issue 10 item 3): section 一 compares with last year's report when there is one ------
@pytest.mark.parametrize(
    ("now", "before", "says"),
    [(12, 9, "较上年增加3件（2020年为9件）"), (5, 8, "较上年减少3件（2020年为8件）"), (4, 4, "与上年持平（2020年为4件）")],
)
def test_the_drafted_overview_compares_with_last_year(now, before, says):
    figures = OverviewFigures(year=2021, applications=Outcomes(new=now, finished=now), reconsiderations=2, lawsuits=1)
    assert not has_year_on_year(draft_overview(figures))  # nothing to compare with: nothing claimed
    text = draft_overview(replace(figures, previous=Previous(2020, before, reconsiderations=0, lawsuits=1)))
    assert f"新收政府信息公开申请{now}件，{says}，上年结转" in text
    assert "与2020年相比，行政复议增加2件，行政诉讼与上年持平。" in text
    assert has_year_on_year(text)
