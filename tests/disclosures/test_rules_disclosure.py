"""The pure 主动公开 rules: Art. 26 timeliness, Art. 20/21 data, index-number patterns, validity."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.rules import disclosure as r
from gongkai.rules.workdays import Calendar

CAL = Calendar()  # statutory holidays only


@pytest.mark.parametrize(
    ("formed", "published", "workdays", "late"),
    [
        # 2025-03-03 is a Monday: 20 working days later is Monday 2025-03-31.
        (dt.date(2025, 3, 3), dt.date(2025, 3, 31), 20, False),
        (dt.date(2025, 3, 3), dt.date(2025, 4, 1), 21, True),
        (dt.date(2025, 3, 3), dt.date(2025, 3, 3), 0, False),
        # 国庆 1–3 Oct and 中秋 6 Oct 2025 (statutory days, no 调休 in this calendar) are not working days.
        (dt.date(2025, 9, 26), dt.date(2025, 10, 24), 16, False),
        (dt.date(2025, 9, 26), dt.date(2025, 10, 31), 21, True),
    ],
)
def test_art26_table(formed, published, workdays, late):
    t = r.timeliness(formed, published, CAL)
    assert (t.workdays, t.late) == (workdays, late)
    assert t.limit == 20


def test_special_basis_is_never_late():
    t = r.timeliness(dt.date(2025, 3, 3), dt.date(2025, 6, 3), CAL, special_basis="《统计法》另有规定")
    assert t.workdays > 20 and not t.late


@given(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), st.integers(0, 60))
def test_late_iff_after_due(formed, n):
    published = CAL.add_workdays(formed, n)
    t = r.timeliness(formed, published, CAL)
    assert t.workdays == n
    assert t.late == (published > t.due)


def test_art20_has_fifteen_items_with_verbatim_text():
    assert len(r.ART20_ITEMS) == 15
    assert dict((c, t) for c, _, t in r.ART20_ITEMS)["A20_04"] == "国民经济和社会发展统计信息"
    assert r.art20_choices()[14][1].startswith("第二十条（十五）")


def test_art21_by_level():
    assert r.art21_extras("province") == ()
    city = dict(r.art21_extras("city"))
    assert "社会救助" in city.values() and "筹资筹劳" not in city.values()
    town = dict(r.art21_extras("township"))
    assert "宅基地使用情况审核" in town.values()
    assert r.art21_label("A21_ZJD") == "宅基地使用情况审核"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("{统一社会信用代码}/{年}-{序号:05}", "11510500MB1234567X/2020-00042"),
        ("{机关代码}-{年}{月}-{序号:4}", "luzhou-tjj-202003-0042"),
        ("TJJ-{序号}", "TJJ-42"),
    ],
)
def test_index_patterns(pattern, expected):
    got = r.format_index_no(pattern, seq=42, year=2020, month=3, credit_code="11510500MB1234567X", agency_code="luzhou-tjj")
    assert got == expected


def test_index_pattern_without_credit_code_falls_back_to_agency_code():
    assert r.format_index_no(r.DEFAULT_INDEX_PATTERN, seq=1, year=2021, agency_code="tjj") == "tjj/2021-00001"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [("{年}-{编号}", "无法识别"), ("{年}", "必须包含 {序号}"), ("{序号:abc}", "格式不正确"), ("{序号}}", "不成对")],
)
def test_bad_patterns(pattern, message):
    with pytest.raises(r.PatternError, match=message):
        r.validate_index_pattern(pattern)


def test_in_force():
    d = dt.date
    assert r.in_force_on(d(2021, 12, 31), effective_on=d(2021, 1, 1), validity="valid", changed_on=None)
    assert not r.in_force_on(d(2020, 12, 31), effective_on=d(2021, 1, 1), validity="valid", changed_on=None)
    assert not r.in_force_on(d(2022, 12, 31), effective_on=d(2021, 1, 1), validity="repealed", changed_on=d(2022, 6, 1))
    assert r.in_force_on(d(2021, 12, 31), effective_on=d(2021, 1, 1), validity="repealed", changed_on=d(2022, 6, 1))


def test_validity_changes():
    r.check_validity_change("valid", "repealed", dt.date(2022, 1, 1), dt.date(2021, 1, 1))
    with pytest.raises(ValueError, match="不能恢复为有效"):
        r.check_validity_change("repealed", "valid", None, None)
    with pytest.raises(ValueError, match="请填写已废止的日期"):
        r.check_validity_change("valid", "repealed", None, None)
    with pytest.raises(ValueError, match="不能早于施行日期"):
        r.check_validity_change("valid", "expired", dt.date(2020, 1, 1), dt.date(2021, 1, 1))
