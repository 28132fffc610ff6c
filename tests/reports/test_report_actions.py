"""Issue 11 for the annual report: every state change is an @action on the shared envelope (no actor →
MissingActor), the report page's buttons are exactly `available_actions(report, user)` and the one
action view enforces the same rule, and a government roll-up is seen only by the supervisor, the
reviewer and the leader of the government."""

import inspect
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.journal.actors import SYSTEM, MissingActor
from gongkai.journal.models import Event
from gongkai.reports import actions
from gongkai.reports.available import available_actions
from gongkai.reports.models import AnnualReport, State

from .helpers import complete

# public functions of reports.actions that change nothing (role rules, file helpers, constants' helpers)
NOT_ACTIONS = {"draft_roles", "reopen_roles", "manual_columns", "json_file", "sha256"}


def _public_functions():
    return {name: fn for name, fn in inspect.getmembers(actions, inspect.isfunction)
            if not name.startswith("_") and fn.__module__ == actions.__name__}


def test_every_state_changing_function_is_an_action():
    fns = _public_functions()
    undecorated = {name for name, fn in fns.items() if not getattr(fn, "is_action", False)}
    assert undecorated == NOT_ACTIONS
    assert {name for name, fn in fns.items() if getattr(fn, "is_action", False)} == {
        "create_report", "set_members", "refresh_report", "save_texts", "mark_reviewed", "publish", "reopen",
        "set_manual_figure", "save_manual_figures",
        # the supervisor's batch audit (created by the supervisor; started, finished or failed by its job as 系统)
        "create_audit_batch", "start_audit_batch", "finish_audit_batch", "fail_audit_batch"}


@pytest.mark.parametrize("name", sorted(set(_public_functions()) - NOT_ACTIONS))
def test_every_action_refuses_a_missing_actor(name, agency_tree):
    fn = getattr(actions, name)
    n_args = len(inspect.signature(fn).parameters) - 1
    report_count, events = AnnualReport.objects.count(), Event.objects.count()
    with pytest.raises(MissingActor):
        fn(None, *([object()] * n_args))
    with pytest.raises(MissingActor):
        fn(actor=None, **{p: object() for p in list(inspect.signature(fn).parameters)[1:]})
    assert AnnualReport.objects.count() == report_count and Event.objects.count() == events


@pytest.fixture
def staff(agency_tree, make_user):
    dept, city = agency_tree["dept"], agency_tree["city"]
    return {
        "officer": make_user(dept, "officer"),
        "reviewer": make_user(dept, "reviewer"),
        "leader": make_user(dept, "leader"),
        "secrecy": make_user(dept, "secrecy_reviewer"),
        "supervisor": make_user(city, "supervisor"),
        "city_officer": make_user(city, "officer"),
        "city_reviewer": make_user(city, "reviewer"),
        "city_leader": make_user(city, "leader"),
    }


ACT = re.compile(r'action="/work/reports/\d+/do/([a-z_]+)/"')


def _page_actions(client, user, report) -> set[str]:
    client.force_login(user)
    resp = client.get(reverse("reports:detail", args=[report.pk]))
    assert resp.status_code == 200
    return set(ACT.findall(resp.content.decode()))


def _menu(report, user) -> set[str]:
    return {a.name for a in available_actions(report, user)}


def test_buttons_shown_are_the_available_actions(year_2021, staff, client):
    report = complete(actions.create_report(SYSTEM, year_2021, 2021))
    seen = {}
    for state in ("draft", "reviewed", "published", "reopened"):
        if state == "reviewed":
            report = actions.mark_reviewed(SYSTEM, report)
        elif state == "published":
            report = actions.publish(SYSTEM, report)
        elif state == "reopened":
            report = actions.reopen(SYSTEM, report, "更正")
        for who in ("officer", "reviewer", "leader", "secrecy", "supervisor"):
            user = staff[who]
            shown = _page_actions(client, user, report)
            assert shown == _menu(report, user), (state, who)
            seen[(state, who)] = shown
    assert seen[("draft", "officer")] == {"refresh", "texts", "manual"}
    assert seen[("draft", "reviewer")] == {"review"}
    assert seen[("draft", "supervisor")] == {"refresh", "texts", "manual", "review"}
    assert seen[("reviewed", "leader")] == {"publish", "reopen"}
    assert seen[("reviewed", "reviewer")] == {"reopen"}
    assert seen[("published", "reviewer")] == set()  # taking a published report down is the publisher's
    assert seen[("published", "leader")] == {"reopen"}
    assert seen[("draft", "secrecy")] == set()


def test_rollup_buttons_and_visibility(year_2021, staff, agency_tree, client):
    city = agency_tree["city"]
    rollup = actions.create_report(staff["supervisor"], city, 2021, rollup=True, members=[year_2021])
    own = actions.create_report(staff["city_officer"], city, 2020)  # the government's own report
    assert _page_actions(client, staff["supervisor"], rollup) == _menu(rollup, staff["supervisor"]) == {
        "refresh", "texts", "manual", "members", "review"}
    assert _page_actions(client, staff["city_reviewer"], rollup) == {"review"}
    assert _page_actions(client, staff["city_leader"], rollup) == {"review"}
    # the government's officer drafts the government's own report, not the roll-up: no page, no list entry
    officer = staff["city_officer"]
    client.force_login(officer)
    for url in (reverse("reports:detail", args=[rollup.pk]), reverse("reports:drill", args=[rollup.pk, "t3", "new", 6]),
                reverse("reports:download", args=[rollup.pk, "json"])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("reports:act", args=[rollup.pk, "refresh"])).status_code == 404
    listing = client.get(reverse("reports:list")).content.decode()
    assert reverse("reports:detail", args=[own.pk]) in listing
    assert reverse("reports:detail", args=[rollup.pk]) not in listing
    assert set(AnnualReport.objects.for_user(officer)) == {own}
    assert set(AnnualReport.objects.for_user(staff["city_reviewer"])) >= {own, rollup}
    # a department's officer does not see the city's roll-up either; the supervisor sees everything below
    assert rollup not in AnnualReport.objects.for_user(staff["officer"])
    assert set(AnnualReport.objects.for_user(staff["supervisor"])) >= {own, rollup}
    # the reviewer and the leader approve it
    client.force_login(staff["city_reviewer"])
    client.post(reverse("reports:act", args=[rollup.pk, "review"]))
    rollup.refresh_from_db()
    assert rollup.state == State.REVIEWED


def test_action_view_enforces_what_the_page_shows(year_2021, staff, client):
    report = complete(actions.create_report(SYSTEM, year_2021, 2021))
    client.force_login(staff["officer"])
    assert client.post(reverse("reports:act", args=[report.pk, "publish"])).status_code == 403
    assert client.post(reverse("reports:act", args=[report.pk, "review"])).status_code == 403
    assert client.post(reverse("reports:act", args=[report.pk, "nonsense"])).status_code == 404
    assert client.get(reverse("reports:act", args=[report.pk, "refresh"])).status_code == 405
    resp = client.post(reverse("reports:act", args=[report.pk, "refresh"]), follow=True)
    assert "已按最新台账数据重新生成" in resp.content.decode()
    client.force_login(staff["reviewer"])
    client.post(reverse("reports:act", args=[report.pk, "review"]))
    client.force_login(staff["officer"])
    resp = client.post(reverse("reports:act", args=[report.pk, "refresh"]), follow=True)
    assert "当前状态下不能“按最新台账重新生成”" in resp.content.decode()
    report.refresh_from_db()
    assert report.state == State.REVIEWED
    client.force_login(staff["leader"])
    resp = client.post(reverse("reports:act", args=[report.pk, "reopen"]), {"reason": ""}, follow=True)
    assert "操作未完成：退回修改的理由" in resp.content.decode()
    report.refresh_from_db()
    assert report.state == State.REVIEWED


def test_a_refused_publication_is_journaled_through_the_envelope(year_2021, staff):
    """publish stores the fresh findings when it refuses (no bare update): one report.check event."""
    report = actions.mark_reviewed(SYSTEM, actions.create_report(SYSTEM, year_2021, 2021))
    AnnualReport.objects.filter(pk=report.pk).update(data={**report.data, "findings": []})
    with pytest.raises(ValidationError, match="不能直接发布"):
        actions.publish(staff["leader"], report)
    report.refresh_from_db()
    assert report.state == State.REVIEWED and report.errors  # the fresh findings are stored
    event = Event.objects.for_object(report).get(action="report.check")
    assert event.actor == staff["leader"] and event.before["errors"] == 0 and event.after["errors"] > 0
    assert "未填写带错误发布的理由" in event.note
