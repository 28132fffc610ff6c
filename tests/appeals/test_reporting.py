"""appeals.reporting: table 4 in TABLE4_COLUMNS order, result as known on 31 December."""

import datetime as dt

from gongkai.appeals.models import Appeal
from gongkai.appeals.reporting import table4_counts, table4_drilldown
from gongkai.rules.formats import TABLE4_COLUMNS


def test_table4_counts_and_drilldown(agency_tree):
    dept = agency_tree["dept"]
    mk = lambda **kw: Appeal.objects.create(agency=dept, **kw)  # noqa: E731
    mk(kind="reconsideration", filed_on=dt.date(2026, 2, 1), result="upheld", closed_on=dt.date(2026, 4, 1))
    mk(kind="reconsideration", filed_on=dt.date(2026, 3, 1), result="corrected", closed_on=dt.date(2027, 1, 5))
    mk(kind="lawsuit_direct", filed_on=dt.date(2026, 5, 1))
    mk(kind="lawsuit_after_reconsideration", filed_on=dt.date(2026, 6, 1), result="other",
       closed_on=dt.date(2026, 9, 1))
    mk(kind="reconsideration", filed_on=dt.date(2025, 6, 1), result="upheld", closed_on=dt.date(2025, 8, 1))
    Appeal.objects.create(agency=agency_tree["other"], kind="reconsideration", filed_on=dt.date(2026, 2, 1))

    counts = table4_counts([dept.id], 2026)
    assert len(counts) == len(TABLE4_COLUMNS) == 15
    # 复议: 维持1 纠正0 其他0 未结1(closed only in 2027) 总计2; 直接起诉: 未结1; 复议后起诉: 其他1
    assert counts == [1, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1]
    assert table4_counts([dept.id], 2025)[:5] == [1, 0, 0, 0, 1]
    assert table4_drilldown([dept.id], 2026, "reconsideration", "pending").get().result == "corrected"


def test_table4_by_agency_is_one_query_and_sums_to_the_set(agency_tree, django_assert_num_queries):
    from gongkai.appeals.reporting import table4_counts_by_agency

    dept, other = agency_tree["dept"], agency_tree["other"]
    Appeal.objects.create(agency=dept, kind="reconsideration", filed_on=dt.date(2026, 2, 1), result="upheld",
                          closed_on=dt.date(2026, 4, 1))
    Appeal.objects.create(agency=other, kind="lawsuit_direct", filed_on=dt.date(2026, 3, 1))
    Appeal.objects.create(agency=other, kind="lawsuit_direct", filed_on=dt.date(2025, 3, 1))
    ids = [a.id for a in agency_tree.values()]
    with django_assert_num_queries(1):
        by_agency = table4_counts_by_agency(ids, 2026)
    assert set(by_agency) == set(ids)
    for i in ids:
        assert by_agency[i] == table4_counts([i], 2026)
    assert by_agency[dept.id][:5] == [1, 0, 0, 0, 1] and by_agency[other.id][5:10] == [0, 0, 0, 1, 1]
    assert by_agency[agency_tree["city"].id] == [0] * 15
    assert table4_counts(ids, 2026) == [sum(by_agency[i][c] for i in ids) for c in range(15)]
