"""applications.reporting: table 3 counts by year with carried in/out, and drilldowns."""

import datetime as dt

from gongkai.applications import actions
from gongkai.applications.reporting import ROW_KEYS, table3_counts, table3_drilldown


def test_table3_counts_years_and_l1(received, staff, company, agency_tree):
    ids = [agency_tree["dept"].id]
    a = received(dt.date(2025, 3, 3))
    actions.reply(staff["officer"], a, "disclosed", on=dt.date(2025, 3, 20))
    b = received(dt.date(2025, 12, 22), data=company)  # open on 31 Dec 2025
    actions.reply(staff["officer"], b, "partial", on=dt.date(2026, 1, 12))
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
