"""applications.reporting: table 3 counts by year with carried in/out, and drilldowns."""

import datetime as dt

from gongkai.applications import actions
from gongkai.applications.reporting import ROW_KEYS, table3_counts, table3_drilldown
from gongkai.journal.actors import SYSTEM

from .signoff import reply_signed


def test_table3_counts_years_and_l1(received, staff, company, agency_tree):
    ids = [agency_tree["dept"].id]
    a = received(dt.date(2025, 3, 3))
    actions.reply(staff["officer"], a, "disclosed", on=dt.date(2025, 3, 20))
    b = received(dt.date(2025, 12, 22), data=company)  # open on 31 Dec 2025
    reply_signed(staff["officer"], staff["reviewer"], b, "partial", on=dt.date(2026, 1, 12))
    c = received(dt.date(2026, 2, 2))
    actions.request_correction(staff["officer"], c, "补", dt.date(2026, 2, 20), on=dt.date(2026, 2, 3))
    actions.lapse_correction(staff["officer"], c, on=dt.date(2026, 2, 24))
    received(dt.date(2026, 11, 2))  # still open
    received(dt.date(2026, 5, 5), agency=agency_tree["other"])  # another agency: not counted

    y25 = table3_counts(ids, 2025)
    assert set(y25) == set(ROW_KEYS)
    assert y25["new"]["natural_person"] == 1 and y25["new"]["business"] == 1
    assert y25["r1"]["natural_person"] == 1 and y25["carried_out"]["business"] == 1
    y26 = table3_counts(ids, 2026)
    assert y26["carried_in"]["business"] == 1 and y26["r2"]["business"] == 1
    assert y26["new"]["natural_person"] == 2 and y26["r6_1"]["natural_person"] == 1
    assert y26["carried_out"]["natural_person"] == 1
    for counts in (y25, y26):
        for t in counts["new"]:
            total = sum(counts[k][t] for k in ROW_KEYS if k.startswith("r"))
            assert counts["new"][t] + counts["carried_in"][t] == total + counts["carried_out"][t]
    assert list(table3_drilldown(ids, 2026, "carried_in")) == [b]
    assert list(table3_drilldown(ids, 2026, "r6", "natural_person")) == [c]
    assert table3_drilldown(ids, 2026, "r2", "natural_person").count() == 0


def test_annual_report_query_has_a_covering_index(db):
    from django.db import connection

    from gongkai.applications.models import Application

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Application._meta.db_table)
    index = constraints["app_report_covering"]
    assert index["index"] and index["columns"] == ["agency_id", "receipt_date", "closed_on", "applicant_type",
                                                   "outcome_row"]


def test_table3_and_fees_by_agency_are_one_query_each_and_sum_to_the_set(received, staff, agency_tree,
                                                                          django_assert_num_queries):
    """Every agency's table 3 (and fee total) in one grouped query, whatever the number of agencies;
    each agency's figures equal the contract's for it alone, and the set's figures are their sum."""
    from decimal import Decimal

    from gongkai.applications.models import Application
    from gongkai.applications.reporting import fee_total_by_agency, fee_total_yuan, table3_counts_by_agency

    dept, other = agency_tree["dept"], agency_tree["other"]
    a = received(dt.date(2026, 3, 3))
    actions.reply(staff["officer"], a, "disclosed", on=dt.date(2026, 3, 20))
    received(dt.date(2025, 12, 22))  # carried in
    b = received(dt.date(2026, 5, 5), agency=other)
    reply_signed(staff["other_officer"], SYSTEM, b, "partial", on=dt.date(2026, 5, 20))
    Application.objects.filter(pk=b.pk).update(fee_paid_on=dt.date(2026, 5, 10), fee_paid_amount=Decimal("100.50"))
    ids = [x.id for x in agency_tree.values()]
    with django_assert_num_queries(1):
        table3_counts_by_agency(ids[:1], 2026)
    with django_assert_num_queries(1):
        by_agency = table3_counts_by_agency(ids, 2026)
    assert set(by_agency) == set(ids)
    for i in ids:
        assert by_agency[i] == table3_counts([i], 2026)
    assert by_agency[dept.id]["new"]["natural_person"] == 1 and by_agency[dept.id]["carried_in"]["natural_person"] == 1
    assert by_agency[dept.id]["r1"]["natural_person"] == 1 and by_agency[other.id]["r2"]["natural_person"] == 1
    assert sum(by_agency[agency_tree["city"].id]["new"].values()) == 0
    together = table3_counts(ids, 2026)
    assert together == {row: {t: sum(by_agency[i][row][t] for i in ids) for t in together[row]} for row in ROW_KEYS}
    with django_assert_num_queries(1):
        fees = fee_total_by_agency(ids, 2026)
    assert fees[other.id] == Decimal("100.50") and fees[dept.id] == 0 and set(fees) == set(ids)
    assert fee_total_yuan(ids, 2026) == Decimal("100.50") and fee_total_yuan([dept.id], 2026) == 0
