"""The write endpoints: token authentication and scopes, the application's and the disclosure item's own
actions (deadline, journal, tenancy), refusal of another agency, revocation, JSON errors, rate limits."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.api.models import ApiToken
from gongkai.applications.models import Application
from gongkai.disclosures.models import DisclosureItem, Status
from gongkai.journal.models import Event

from .conftest import APPLICATION

pytestmark = pytest.mark.django_db


def test_register_application_runs_the_action_with_the_token_as_actor(world, make_token, call):
    token, secret = make_token(world["dept"])
    r = call("post", "/api/v1/applications", APPLICATION, secret)
    assert r.status_code == 201, r.content
    body = r.json()
    app = Application.objects.get(pk=body["id"])
    assert app.agency == world["dept"] and app.applicant_name == "张测试"
    assert body["tracking_code"] == app.tracking_code and body["query_password"] and body["created"] is True
    # in person on 2026-03-02 → received that day, the statutory 20 working days run from it
    assert app.receipt_date == dt.date(2026, 3, 2) and app.due_date is not None and app.due_date > app.receipt_date
    assert body["due_date"] == app.due_date.isoformat()
    event = Event.objects.get(action="application.registered", object_id=str(app.pk))
    assert event.actor_id is None and "接口令牌“12345热线”" in event.actor_name and token.prefix in event.actor_name
    assert event.agency == world["dept"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_same_external_id_registers_once(world, make_token, call):
    _, secret = make_token(world["dept"])
    first = call("post", "/api/v1/applications", APPLICATION, secret).json()
    again = call("post", "/api/v1/applications", APPLICATION, secret)
    assert again.status_code == 200 and again.json()["id"] == first["id"] and again.json()["created"] is False
    assert again.json()["query_password"] is None
    assert Application.objects.filter(agency=world["dept"]).count() == 1


def test_submit_draft_creates_a_draft_through_the_action(world, make_token, call):
    _, secret = make_token(world["dept"])
    r = call("post", "/api/v1/disclosures/drafts", {
        "title": "关于统计执法检查的通知", "formed_on": "2026-03-01", "doc_type": "normative",
        "body": "<p>正文</p><script>alert(1)</script>", "channels": ["website", "wechat"]}, secret)
    assert r.status_code == 201, r.content
    item = DisclosureItem.objects.get(pk=r.json()["id"])
    assert item.status == Status.DRAFT and item.agency == world["dept"] and item.created_by is None
    assert "<script>" not in item.body and item.channels == ["website", "wechat"]
    assert item.publisher == world["dept"].name and item.validity == "valid"  # the action's own defaults
    assert Event.objects.filter(action="disclosure.create", object_id=str(item.pk),
                                actor_name__contains="12345热线").exists()


@pytest.mark.parametrize("url, body", [("/api/v1/applications", APPLICATION),
                                       ("/api/v1/disclosures/drafts", {"title": "x", "formed_on": "2026-03-01"})])
def test_a_token_never_writes_for_another_agency(world, make_token, call, url, body):
    _, secret = make_token(world["dept"])
    before = (Application.objects.count(), DisclosureItem.objects.count(), Event.objects.count())
    r = call("post", url, {**body, "agency": world["other"].slug}, secret)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert "不能为其他机关" in r.json()["error"]["message"]
    assert (Application.objects.count(), DisclosureItem.objects.count(), Event.objects.count()) == before
    # naming its own agency is fine
    assert call("post", url, {**body, "agency": world["dept"].slug}, secret).status_code == 201


def test_the_actor_itself_is_refused_at_another_agency(world, make_token):
    """Defence in depth: even a caller that passed another agency to the action is refused by authorize()."""
    from gongkai.api import tokens
    from gongkai.applications import actions
    from gongkai.journal.actors import authorize

    token, _ = make_token(world["dept"])
    data = {k: v for k, v in APPLICATION.items() if k not in ("external_id", "channel", "arrival_date")}
    with pytest.raises(PermissionDenied):
        actions.register(tokens.actor_for(token), world["other"], data, channel="in_person",
                         arrival=dt.date(2026, 3, 2))
    assert not Application.objects.exists()
    authorize(tokens.actor_for(token), world["dept"], actions.HANDLE_ROLES)  # its own agency, an officer's work
    with pytest.raises(PermissionDenied):  # work none of the token's roles may do (the reviewer's)
        authorize(tokens.actor_for(token), world["dept"], actions.APPROVE_ROLES)
    with pytest.raises(PermissionDenied):  # nor what the public may do
        authorize(tokens.actor_for(token), world["dept"], ("public",))


def test_scope_missing_no_token_bad_token_revoked_token(world, make_token, call):
    from gongkai.api.actions import revoke_token

    token, secret = make_token(world["dept"], ["disclosures.draft"])
    r = call("post", "/api/v1/applications", APPLICATION, secret)
    assert r.status_code == 403 and "没有“登记" in r.json()["error"]["message"]
    r = call("post", "/api/v1/applications", APPLICATION)
    assert r.status_code == 401 and r["WWW-Authenticate"] == "Bearer" and "缺少接口令牌" in r.json()["error"]["message"]
    assert call("post", "/api/v1/applications", APPLICATION, secret[:-1] + "x").status_code == 401
    assert call("post", "/api/v1/applications", APPLICATION, "garbage").status_code == 401
    draft = {"title": "x", "formed_on": "2026-03-01"}
    assert call("post", "/api/v1/disclosures/drafts", draft, secret).status_code == 201
    revoke_token(world["leader"], token)
    r = call("post", "/api/v1/disclosures/drafts", draft, secret)
    assert r.status_code == 401 and "吊销" in r.json()["error"]["message"]
    assert not Application.objects.exists()


def test_a_logged_in_session_cannot_write_and_csrf_is_not_needed_with_a_token(world, make_token, client):
    from django.test import Client

    client.force_login(world["officer"])
    r = client.post("/api/v1/disclosures/drafts", {"title": "x", "formed_on": "2026-03-01"},
                    content_type="application/json")
    assert r.status_code == 401
    _, secret = make_token(world["dept"])
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world["officer"])
    r = strict.post("/api/v1/disclosures/drafts", {"title": "x", "formed_on": "2026-03-01"},
                    content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert r.status_code == 201


@pytest.mark.parametrize("body, expected", [
    ("{not json", "JSON"),
    ({**APPLICATION, "applicant_name": ""}, "applicant_name"),
    ({**APPLICATION, "channel": "pigeon"}, "channel"),
    ({**APPLICATION, "arrival_date": "2026-02-30"}, "arrival_date"),
    ({**APPLICATION, "arrival_date": "2999-01-01"}, "晚于今天"),
    ({**APPLICATION, "arrival_date": "1999-01-01"}, "早于"),
    ({**APPLICATION, "phone": "1" * 31}, "phone"),
    ({**APPLICATION, "surprise": 1}, "surprise"),
    ({k: v for k, v in APPLICATION.items() if k != "applicant_type"}, "缺少请求体字段“applicant_type”"),
    ({**APPLICATION, "applicant_type": "business", "id_type": None, "id_number": ""}, "统一社会信用代码"),
    ([1, 2], "JSON 对象"),
])
def test_bad_input_is_a_chinese_json_400_and_nothing_is_saved(world, make_token, call, body, expected):
    _, secret = make_token(world["dept"])
    r = call("post", "/api/v1/applications", body, secret)
    assert r.status_code == 400, r.content
    assert r["Content-Type"].startswith("application/json")
    assert expected in r.json()["error"]["message"]
    assert not Application.objects.exists()


def test_control_characters_are_dropped(world, make_token, call):
    _, secret = make_token(world["dept"])
    r = call("post", "/api/v1/disclosures/drafts", {"title": "通\x00知\ud800", "formed_on": "2026-03-01"}, secret)
    assert r.status_code == 201
    assert DisclosureItem.objects.get(pk=r.json()["id"]).title == "通知"


def test_oversized_body_is_413(world, make_token, call, settings):
    settings.GONGKAI_API_MAX_BODY_BYTES = 1000
    _, secret = make_token(world["dept"])
    r = call("post", "/api/v1/disclosures/drafts", {"title": "x", "formed_on": "2026-03-01", "body": "长" * 2000}, secret)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    assert not DisclosureItem.objects.exists()


def test_writes_are_rate_limited_per_token(world, make_token, call, settings):
    settings.GONGKAI_API_WRITE_LIMIT = 2
    _, secret = make_token(world["dept"])
    _, other_secret = make_token(world["dept"], name="省平台")
    draft = {"title": "x", "formed_on": "2026-03-01"}
    assert [call("post", "/api/v1/disclosures/drafts", draft, secret).status_code for _ in range(2)] == [201, 201]
    r = call("post", "/api/v1/disclosures/drafts", draft, secret)
    assert r.status_code == 429 and 1 <= int(r["Retry-After"]) <= 60 and "频繁" in r.json()["error"]["message"]
    assert call("post", "/api/v1/disclosures/drafts", draft, other_secret).status_code == 201
    assert DisclosureItem.objects.count() == 3


def test_a_new_token_does_not_inherit_the_write_count_of_an_old_row_id(world, make_token, call, settings):
    """A row id can come back (a restored or rolled-back database): the write count belongs to the token."""
    settings.GONGKAI_API_WRITE_LIMIT = 1
    draft = {"title": "x", "formed_on": "2026-03-01"}
    old, old_secret = make_token(world["dept"])
    assert call("post", "/api/v1/disclosures/drafts", draft, old_secret).status_code == 201
    old_pk = old.pk
    ApiToken.objects.filter(pk=old_pk).delete()
    new, new_secret = make_token(world["dept"], name="省平台")
    ApiToken.objects.filter(pk=new.pk).update(id=old_pk)  # the new token takes the old row id
    assert call("post", "/api/v1/disclosures/drafts", draft, new_secret).status_code == 201


def test_token_is_stored_hashed(world, make_token):
    token, secret = make_token(world["dept"])
    row = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith(f"gk_{row.prefix}_") and secret not in str(row.__dict__)
    # the random part is everything after "gk_<prefix>_" (it may itself hold "_" or "-": splitting on "_" could
    # leave a fragment of a letter or two, found in any event by chance)
    random_part = secret[len(f"gk_{row.prefix}_"):]
    assert len(random_part) >= 32
    assert all(random_part not in json.dumps(e.after) for e in Event.objects.all())


@pytest.mark.parametrize("body, expected", [
    (b"\xff\xfe\x00", "不是合法的 JSON"), (b"null", "应为 JSON 对象"), (b"[" * 50000, "不是合法的 JSON"),
    (b"", "缺少请求体"), (b"1e999999", "应为 JSON 对象"),
])
def test_malformed_bodies_are_400(world, make_token, client, body, expected):
    _, secret = make_token(world["dept"])
    r = client.post("/api/v1/disclosures/drafts", data=body, content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert r.status_code == 400 and expected in r.json()["error"]["message"]


def test_an_unexpected_error_is_still_json(world, make_token, client, monkeypatch):
    from gongkai.disclosures import actions

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(actions, "create_item", broken)
    _, secret = make_token(world["dept"])
    r = client.post("/api/v1/disclosures/drafts", data={"title": "x", "formed_on": "2026-03-01"},
                    content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert r.status_code == 500 and r["Content-Type"].startswith("application/json")
    assert "boom" not in r.content.decode() and "稍后重试" in r.json()["error"]["message"]


def test_failed_authentications_are_rate_limited_per_address(world, make_token, call, settings):
    """Review: writes were limited per token only, so wrong tokens could be sent without limit (each one a
    database look-up). Now the failures of one address are counted; over the limit the address gets 429
    (before any look-up) until the window ends; other addresses are not affected."""
    settings.GONGKAI_API_AUTH_FAIL_LIMIT = 3
    _, secret = make_token(world["dept"])
    draft = {"title": "x", "formed_on": "2026-03-01"}
    wrong = secret[:-1] + ("x" if secret[-1] != "x" else "y")
    codes = [call("post", "/api/v1/disclosures/drafts", draft, wrong).status_code for _ in range(3)]
    assert codes == [401, 401, 401]
    r = call("post", "/api/v1/disclosures/drafts", draft, "gk_abcdefgh_guess")
    assert r.status_code == 429 and 1 <= int(r["Retry-After"]) <= 60 and "频繁" in r.json()["error"]["message"]
    assert call("post", "/api/v1/disclosures/drafts", draft, secret).status_code == 429
    assert call("post", "/api/v1/disclosures/drafts", draft, secret, REMOTE_ADDR="10.9.9.9").status_code == 201
    assert DisclosureItem.objects.count() == 1


def test_a_date_after_today_is_refused_with_the_registration_rules_message(world, make_token, call):
    """Issue 11 item 1: the API shows the message of the one rule (rules.receipt.date_problems), for the
    arrival and for the confirmation date, and saves nothing."""
    from gongkai.applications.deadlines import today
    from gongkai.rules.receipt import date_problems

    _, secret = make_token(world["dept"])
    later = today() + dt.timedelta(days=1)
    arrival = call("post", "/api/v1/applications", {**APPLICATION, "arrival_date": later.isoformat()}, secret)
    assert arrival.status_code == 400
    assert date_problems(later, None, today())["arrival_date"] in arrival.json()["error"]["message"]
    confirmed = call("post", "/api/v1/applications", {**APPLICATION, "channel": "ordinary_post",
                                                      "confirmed_date": later.isoformat()}, secret)
    assert confirmed.status_code == 400
    expected = date_problems(dt.date(2026, 3, 2), later, today())["confirmed_date"]
    assert expected in confirmed.json()["error"]["message"]
    assert not Application.objects.exists()


def test_the_external_id_is_the_registration_actions_token(world, make_token, call):
    """Issue 11 item 2: a repeat is answered by applications.actions.register itself (the API only names the
    token), so the workbench action returns the same application, journals nothing and shows no password."""
    from gongkai.api import tokens
    from gongkai.applications import actions

    token, secret = make_token(world["dept"])
    first = call("post", "/api/v1/applications", APPLICATION, secret).json()
    events = Event.objects.count()
    data = {k: v for k, v in APPLICATION.items() if k not in ("external_id", "channel", "arrival_date")}
    app, password = actions.register(tokens.actor_for(token), world["dept"], data, channel="in_person",
                                     arrival=dt.date(2026, 3, 2), token=f"api{token.pk}:{APPLICATION['external_id']}")
    assert app.pk == first["id"] and password is None and Event.objects.count() == events
    # the token of another agency cannot reach that application through the same key
    other, _ = make_token(world["other"])
    with pytest.raises(PermissionDenied):
        actions.register(tokens.actor_for(other), world["other"], data, channel="in_person",
                         arrival=dt.date(2026, 3, 2), token=f"api{token.pk}:{APPLICATION['external_id']}")
    assert Application.objects.count() == 1
