"""The roll-up's member list and the workbench panel read the members' reports in one query,
however many members there are."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from gongkai.journal.actors import SYSTEM
from gongkai.reports import actions
from gongkai.reports.government import member_statuses
from gongkai.reports.panel import panel

from .helpers import complete


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_member_statuses_query_count_does_not_grow(agency_tree):
    tree = agency_tree
    for name in ("dept", "other", "county"):
        actions.create_report(SYSTEM, tree[name], 2021)
    county_dept = complete(actions.create_report(SYSTEM, tree["county_dept"], 2021))
    actions.publish(SYSTEM, actions.mark_reviewed(SYSTEM, county_dept))
    report = actions.create_report(SYSTEM, tree["city"], 2021, rollup=True, members=[tree["dept"]])
    one = _queries(lambda: member_statuses(report))
    report = actions.set_members(SYSTEM, report, [tree[n] for n in ("dept", "other", "county", "county_dept")])
    statuses = []
    four = _queries(lambda: statuses.extend(member_statuses(report)))
    assert four == one
    by_name = {s.agency.name: s for s in statuses}
    assert by_name[tree["county_dept"].name].published
    assert by_name[tree["dept"].name].report is not None and not by_name[tree["dept"].name].published


def test_panel_query_count_does_not_grow(agency_tree, make_user):
    from django.utils import timezone

    tree = agency_tree
    year = timezone.localdate().year - 1
    sup = make_user(tree["city"], "supervisor")
    request = RequestFactory().get("/work/")
    request.user = sup
    actions.create_report(SYSTEM, tree["dept"], year)
    html = []
    few = _queries(lambda: html.append(panel(request)))
    for name in ("other", "county", "county_dept"):
        actions.create_report(SYSTEM, tree[name], year)
    request.user = type(sup).objects.get(pk=sup.pk)  # fresh membership cache
    many = _queries(lambda: html.append(panel(request)))
    assert many == few
    assert html[-1].count("未编制") == 1  # only the city has no report of its own
