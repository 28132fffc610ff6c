"""One way to act on a case: every state change is an `@action` that refuses a missing actor, and the case
page shows exactly the actions of `available_actions(app, user)`, which are the only ones the action view
accepts."""

import datetime as dt
import inspect
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.available import MENU, available_actions
from gongkai.applications.models import Application, State
from gongkai.journal.actors import MissingActor
from gongkai.journal.models import Event

D = dt.date(2026, 3, 2)

# Public functions of applications.actions that write nothing (helpers for forms, views and loaders).
READ_ONLY = {"attachment_max_bytes", "check_attachments", "new_tracking_code", "new_password",
             "earlier_this_month", "quiet", "contact_revealed_to", "signoff_required", "signoff_pending",
             "own_draft_refusal", "transfer_notice"}
WRITES = re.compile(r"\.save\(|\.create\(|\.update\(|\.delete\(|bulk_|\brecord\(|\bchange\(|\bcreate\(|_change\(")


def _public_functions() -> dict:
    return {name: fn for name, fn in inspect.getmembers(actions, inspect.isfunction)
            if fn.__module__ == actions.__name__ and not name.startswith("_")}


def test_every_public_function_that_writes_is_an_action_taking_its_actor_first():
    public = _public_functions()
    decorated = {name for name, fn in public.items() if getattr(fn, "is_action", False)}
    assert set(public) - decorated == READ_ONLY, "a new public function must be an @action or read only"
    for name in READ_ONLY:
        assert not WRITES.search(inspect.getsource(public[name])), f"{name} writes: make it an @action"
    for name in decorated:
        assert list(inspect.signature(public[name]).parameters)[0] == "actor", name
    assert len(decorated) >= 20


def _calls(app, agency, person, staff) -> dict:
    """Valid arguments (but the actor) for every action."""
    on = D + dt.timedelta(days=1)
    return {
        "submit_online": {"agency": agency, "data": person, "token": "no-actor"},
        "register": {"agency": agency, "data": person, "channel": "in_person", "arrival": D},
        "confirm_receipt": {"app": app, "on": on},
        "assign": {"app": app, "handler": staff["officer"]},
        "accept": {"app": app},
        "request_correction": {"app": app, "items": "年份", "deadline": D + dt.timedelta(days=20), "on": on},
        "answer_correction": {"app": app, "text": "2025年", "on": on},
        "lapse_correction": {"app": app, "on": on},
        "start_consultation": {"app": app, "kind": "third_party", "party": "某公司", "on": on},
        "end_consultation": {"app": app, "result": "同意", "on": on},
        "request_extension": {"app": app, "days": 5, "reason": "调档"},
        "approve_extension": {"app": app, "on": on},
        "reject_extension": {"app": app, "reason": "不需要"},
        "set_delayed_reply": {"app": app, "until": D + dt.timedelta(days=60), "reason": "数量过多", "on": on},
        "issue_fee_notice": {"app": app, "method": "by_volume", "pages": 200, "on": on},
        "record_fee_payment": {"app": app, "amount": Decimal("10"), "on": on},
        "lapse_fee": {"app": app, "on": on},
        "record_fee_notice_delivery": {"app": app, "via": "post", "on": on},
        "transfer": {"app": app, "to_name": "某局", "on": on},
        "withdraw": {"app": app, "reason": "不需要了", "on": on},
        "submit_reply_for_signoff": {"app": app, "outcome": "not_held", "text": "经检索没有"},
        "sign_off_reply": {"app": app},
        "return_reply": {"app": app, "reason": "理由不充分"},
        "reply": {"app": app, "outcome": "disclosed", "on": on},
        "close_imported": {"app": app, "outcome": "disclosed", "on": on},
        "deliver": {"app": app, "via": "email", "on": on},
        "archive": {"app": app, "on": on},
        "recompute_deadline": {"app": app, "reason": "日历变更"},
        "reveal_contact": {"app": app},
        "reset_query_password": {"app": app, "via": "counter"},
        "promote_to_proactive": {"apps": [app], "title": "2025年统计公报"},
    }


def test_every_action_refuses_a_missing_actor_and_writes_nothing(received, agency_tree, person, staff):
    app = received(D)
    calls = _calls(app, agency_tree["dept"], person, staff)
    decorated = {name for name, fn in _public_functions().items() if getattr(fn, "is_action", False)}
    assert set(calls) == decorated, "every action is called here"
    before = (Application.objects.count(), Event.objects.count(), Application.objects.get(pk=app.pk).updated_at)
    for name, kwargs in calls.items():
        fn = getattr(actions, name)
        inspect.signature(fn).bind(actor=None, **kwargs)  # the call is complete but for the actor
        with pytest.raises(MissingActor):
            fn(actor=None, **kwargs)
        with pytest.raises(MissingActor):
            fn(None, **kwargs)
        with pytest.raises(MissingActor):
            fn("系统", **kwargs)  # a name is not an actor
    assert (Application.objects.count(), Event.objects.count(),
            Application.objects.get(pk=app.pk).updated_at) == before


# ---- the case page and the action view -------------------------------------------------------------

def _case(state, received, replied, staff):
    officer, reviewer = staff["officer"], staff["reviewer"]
    if state == "registered":
        return received(D, channel="ordinary_post")
    if state == "replied":
        return replied()
    if state == "archived":
        app = replied()
        actions.deliver(officer, app, "email", on=dt.date(2026, 3, 17))
        actions.archive(officer, app, on=dt.date(2026, 3, 18))
        return app
    app = received(D)
    if state == "consulting":
        actions.accept(officer, app)
        actions.start_consultation(officer, app, "inter_agency", "市财政局", on=dt.date(2026, 3, 4))
    elif state == "correction":
        actions.request_correction(officer, app, "年份", dt.date(2026, 3, 20), on=dt.date(2026, 3, 3))
    elif state == "extension":
        actions.accept(officer, app)
        actions.request_extension(officer, app, 5, "调档")
    elif state == "fee":
        actions.issue_fee_notice(reviewer, app, "by_volume", pages=200, on=dt.date(2026, 3, 3))
    return app


def _buttons(html: str) -> list[str]:
    return re.findall(r'<form method="post" action="[^"]*/act/([a-z_]+)/"', html)


STATES = ["registered", "review", "consulting", "correction", "extension", "fee", "replied", "archived"]


@pytest.mark.parametrize("state", STATES)
def test_case_page_buttons_are_exactly_the_available_actions(client, received, replied, staff, state):
    app = _case(state, received, replied, staff)
    app.refresh_from_db()
    shown = {}
    for who in ("officer", "reviewer", "supervisor"):
        user = staff[who]
        client.force_login(user)
        html = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
        shown[who] = _buttons(html)
        assert shown[who] == [a.name for a in available_actions(app, user)], (state, who)
        ids = re.findall(r'\bid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert shown["supervisor"] == []  # sees the case, acts on nothing
    if state not in ("archived",):
        assert shown["officer"]
    if state == "review":
        assert shown["officer"] == ["assign", "accept", "correction", "consultation", "fee_notice", "extension",
                                    "delay", "reply_submit", "reply", "transfer", "withdraw"]
    if state == "extension":
        assert shown["reviewer"] == [*shown["officer"], "extension_approve", "extension_reject"]
    if state == "replied":
        assert shown["officer"] == ["deliver", "archive"]


def _messages(client, resp) -> str:
    assert resp.status_code == 302
    return client.get(resp["Location"]).content.decode()


def test_posting_an_action_not_available(client, received, replied, staff):
    app = _case("extension", received, replied, staff)
    # role: the supervisor may not handle; an officer may not approve an extension
    client.force_login(staff["supervisor"])
    assert client.post(reverse("applications:act", args=[app.pk, "accept"])).status_code == 403
    client.force_login(staff["officer"])
    resp = client.post(reverse("applications:act", args=[app.pk, "extension_approve"]), {"on": "2026-03-05"})
    assert resp.status_code == 403
    app.refresh_from_db()
    assert not app.extension_approved_on
    # state: an open case cannot be delivered; an extension cannot be requested twice
    events = Event.objects.count()
    page = _messages(client, client.post(reverse("applications:act", args=[app.pk, "deliver"]),
                                         {"on": "2026-03-05", "via": "email"}))
    assert "操作未完成：当前状态下不能“登记送达”" in page
    page = _messages(client, client.post(reverse("applications:act", args=[app.pk, "extension"]),
                                         {"days": "3", "reason": "再延"}))
    assert "当前状态下不能“申请延期”" in page
    assert Event.objects.count() == events
    app.refresh_from_db()
    assert app.delivered_on is None and app.extension_days == 5
    assert client.post(reverse("applications:act", args=[app.pk, "no_such_action"])).status_code == 404
    # and what is shown is allowed: the reviewer approves from the same menu
    client.force_login(staff["reviewer"])
    page = _messages(client, client.post(reverse("applications:act", args=[app.pk, "extension_approve"]),
                                         {"on": "2026-03-05"}))
    assert "操作已完成" in page
    app.refresh_from_db()
    assert app.extension_approved_on == dt.date(2026, 3, 5)


# ---- the menu keeps the rule the case page had before it --------------------------------------------

HANDLE, APPROVE = set(actions.HANDLE_ROLES), set(actions.APPROVE_ROLES)


def _former_rule(app: Application, roles: set[str]) -> list[str]:
    """The action names the case page offered before the menu (views_staff._action_forms), kept here as
    the reference the menu must match."""
    can_handle, can_approve = bool(roles & HANDLE), bool(roles & APPROVE)
    pending = bool(app.signoff_outcome) and app.signoff_at is None  # a reply draft awaits sign-off
    out = []
    if not app.is_open:
        if can_handle and app.state == State.REPLIED:
            out += [] if app.delivered_on else ["deliver"]
            out.append("archive")
        return out
    if not can_handle and not can_approve:
        return out
    if app.state == State.REGISTERED:
        out.append("confirm")
    if can_handle:
        out.append("assign")
    if app.state == State.REVIEW and not app.awaiting_correction and can_handle:
        out.append("accept")
    if app.receipt_date and can_handle:
        if not app.correction_requested_on:
            out.append("correction")
        if app.awaiting_correction:
            out += ["correction_answer", "correction_lapse"]
        elif app.clock_paused and app.pause_reason in ("third_party", "inter_agency"):
            out.append("consultation_end")
        elif app.clock_paused and app.pause_reason == "fee":
            out += [] if app.fee_notice_received_on else ["fee_delivered"]
            out += ["fee_paid", "fee_lapse"]
        else:
            out.append("consultation")
            if not app.fee_notice_on:
                out.append("fee_notice")
            if not app.extension_days:
                out.append("extension")
            out.append("delay")
            if app.agency.reply_signoff and not pending:
                out.append("reply_submit")
            out += ["reply", "transfer"]
        out.append("withdraw")
    if app.extension_days and not app.extension_approved_on and can_approve:
        out += ["extension_approve", "extension_reject"]
    if pending and can_approve:
        out += ["reply_signoff", "reply_return"]
    return out


maybe_date = st.none() | st.just(D)
cases = st.builds(
    Application,
    is_open=st.booleans(), state=st.sampled_from(State.values), receipt_date=maybe_date,
    awaiting_correction=st.booleans(), correction_requested_on=maybe_date, clock_paused=st.booleans(),
    pause_reason=st.sampled_from(["", "third_party", "inter_agency", "fee"]), fee_notice_on=maybe_date,
    extension_days=st.none() | st.just(5), extension_approved_on=maybe_date, delivered_on=maybe_date,
    fee_notice_received_on=maybe_date,
    signoff_outcome=st.sampled_from(["", "partial"]), signoff_at=st.none() | st.just(dt.datetime(2026, 3, 3, 9, 0)),
    agency=st.builds(Agency, reply_signoff=st.booleans()),
)
role_sets = st.sets(st.sampled_from(["officer", "reviewer", "leader", "supervisor", "auditor", "secrecy_reviewer"]))


@settings(max_examples=400, deadline=None)
@given(app=cases, roles=role_sets)
def test_menu_matches_the_former_rule_in_every_state(app, roles):
    menu = [a.name for a in MENU.actions if a.allowed_for(app, None, roles) and a.when(app)]
    assert menu == _former_rule(app, roles)
