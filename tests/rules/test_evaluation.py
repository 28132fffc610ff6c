"""The evaluator's checks (issue 10 item 3): on time (Art. 49), copied from last year (内容雷同, per
section, character bigrams ≥ 90%), no year-on-year comparison in section 一 (advisory)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.rules.checks import run_checks
from gongkai.rules.evaluation import (
    bigram_similarity,
    check_copied,
    check_on_time,
    check_year_on_year,
    find_publication_date,
    is_government_name,
)
from gongkai.rules.report_data import ReportData

D = dt.date


@pytest.mark.parametrize(
    "year,published,government,late",
    [
        (2020, D(2021, 1, 31), False, False),
        (2020, D(2021, 2, 1), False, True),
        (2020, D(2021, 3, 31), True, False),
        (2020, D(2021, 4, 1), True, True),
        (2020, D(2021, 2, 15), True, False),  # a government has until 31 March
        (2018, D(2019, 3, 31), False, False),  # before the revision: 31 March for everybody
        (2024, D(2025, 1, 20), False, False),
    ],
)
def test_on_time(year, published, government, late):
    found = check_on_time(year, published, government)
    assert bool(found) == late
    if late:
        assert found[0].code == "LATE" and found[0].severity == "warning"
        assert f"{published.year}年{published.month}月{published.day}日" in found[0].message


def test_on_time_without_a_date_says_nothing():
    assert check_on_time(2020, None, False) == [] and check_on_time(None, D(2030, 1, 1), False) == []


@pytest.mark.parametrize(
    "name,government",
    [("泸州市人民政府", True), ("淮安市洪泽区人民政府", True), ("平潭综合实验区管委会", True), ("泸州市统计局", False),
     ("上海市人民政府办公厅", False), ("沭阳县发展和改革委员会", False), ("", False), (None, False)],
)
def test_government_by_name(name, government):
    assert is_government_name(name) is government


@pytest.mark.parametrize(
    "text,year,date",
    [
        ("来源:市统计局 发布时间:2021-01-25 14:27:29 【字体", 2020, D(2021, 1, 25)),
        ("……特此报告。\n泸州市统计局\n2021年3月2日", 2020, D(2021, 3, 2)),
        ("2020年5月1日起施行的办法", 2020, None),  # a date inside the statistics year is an event
        ("发布日期：2022/1/10", 2021, D(2022, 1, 10)),
        ("没有日期", 2020, None),
    ],
)
def test_publication_date_found_in_the_document(text, year, date):
    assert find_publication_date(text, year) == date


def _report(year, **sections):
    r = ReportData.empty("2021", agency="测试局", year=year)
    r.sections = sections
    return r


OPENING = "我局认真贯彻落实政府信息公开条例，不断完善工作机制，拓宽公开渠道，规范操作流程，深化公开内容，提升公开质量。"
PROBLEMS = "存在的问题主要是政策解读形式单一，信息更新不够及时。下一步将加强培训，完善审核制度，提高发布时效。"


def test_copied_sections_are_named():
    prev = _report(2022, 一=OPENING.replace("。", "，2022年共公开信息120条。"), 五=PROBLEMS, 六="无。")
    cur = _report(2023, 一=OPENING.replace("。", "，2023年共公开信息135条。"), 五="本年度新发现的问题是新媒体账号管理薄弱，已关停两个账号并建立季度巡查。", 六="无。")
    (f,) = check_copied(cur, prev)
    assert f.code == "SIMILAR" and f.where == "第一部分"
    assert "一、总体情况" in f.message and "五、" not in f.message
    cur.sections["五"] = PROBLEMS
    (f,) = check_copied(cur, prev)
    assert f.where == "第一、五部分" and "五、存在的主要问题及改进情况" in f.message
    # "无。" twice is too short to be a copy
    assert "六、" not in f.message


def test_rewritten_text_is_not_copied():
    prev = _report(2022, 一=OPENING)
    cur = _report(2023, 一="今年重点推进基层政务公开标准化，新开设政务新媒体账号两个，全年办理依申请公开三十余件。")
    assert check_copied(cur, prev) == []


@given(st.text(alphabet="政府信息公开条例工作年度报告我局推进规范", min_size=2, max_size=80))
def test_similarity_is_one_for_the_same_text_and_symmetric(text):
    other = text[::-1]
    assert bigram_similarity(text, other) == pytest.approx(bigram_similarity(other, text))
    if len(text) > 1:
        assert bigram_similarity(text, text) == pytest.approx(1.0)
    assert 0.0 <= bigram_similarity(text, other) <= 1.0


def test_changed_figures_do_not_hide_a_copy():
    assert bigram_similarity("全年收到申请12件，办结12件。", "全年收到申请345件，办结340件。") == 1.0


@pytest.mark.parametrize(
    "overview,advised",
    [
        ("全年新收申请120件。", True),
        ("全年新收申请120件，同比增长12%。", False),
        ("全年新收申请120件，较上年增加10件。", False),
        ("全年新收申请120件，比2022年减少3件。", False),
    ],
)
def test_year_on_year_advisory(overview, advised):
    prev = _report(2022, 一="上年的总体情况。")
    found = check_year_on_year(_report(2023, 一=overview), prev)
    assert bool(found) == advised
    if advised:
        assert found[0].code == "NO_YOY" and found[0].message.startswith("建议")
    assert check_year_on_year(_report(2023, 一=overview), None) == []  # no last year: nothing to compare


def test_run_checks_wires_the_evaluator():
    prev = _report(2022, 一=OPENING)
    cur = _report(2023, 一=OPENING)
    codes = {f.code for f in run_checks(cur, prev, published=D(2024, 2, 5))}
    assert {"SIMILAR", "NO_YOY", "LATE"} <= codes
    assert "LATE" not in {f.code for f in run_checks(cur, prev, published=D(2024, 2, 5), is_government=True)}
