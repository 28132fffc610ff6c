"""Tokens on the workbench: created by the agency's 分管领导 (or the 政务公开办 above it) through the action,
the secret shown once and stored hashed, revoked through the action menu; both journaled."""

import json
import re

import pytest

from gongkai.api.models import ApiToken
from gongkai.api.tokens import digest
from gongkai.journal.labels import action_label
from gongkai.journal.masking import for_auditor
from gongkai.journal.models import Event

pytestmark = pytest.mark.django_db


def create(client, user, agency, name="12345热线", scopes=("applications.register",)):
    client.force_login(user)
    return client.post("/work/api-tokens/", {"agency": agency.pk, "name": name, "scopes": list(scopes)})


def test_leader_creates_a_token_and_sees_the_secret_once(client, world):
    r = create(client, world["leader"], world["dept"])
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    secret = re.search(r'value="(gk_[a-z0-9]{8}_[A-Za-z0-9_-]+)"', r.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert token.agency == world["dept"] and token.scopes == ["applications.register"]
    assert token.secret_hash == digest(secret) and token.created_by == world["leader"]
    event = Event.objects.get(action="api_token.created")
    assert event.actor == world["leader"] and event.agency == world["dept"] and "secret_hash" not in event.after
    assert action_label(event.action) == "创建接口令牌" and for_auditor(event) is event  # a security event, in full
    assert "登记经其他系统收到的依申请公开申请" in event.note and "applications." not in json.dumps(event.after)
    again = client.get("/work/api-tokens/").content.decode()
    assert secret not in again and f"gk_{token.prefix}_…" in again and "12345热线" in again


def test_supervisor_creates_for_a_member_agency(client, world):
    assert create(client, world["supervisor"], world["dept"]).status_code == 200
    assert ApiToken.objects.get().agency == world["dept"]


@pytest.mark.parametrize("who", ["officer", "other_leader"])
def test_others_cannot_create_for_the_agency(client, world, who):
    r = create(client, world[who], world["dept"])
    assert r.status_code == 400 and not ApiToken.objects.exists()
    assert not Event.objects.filter(action="api_token.created").exists()


@pytest.mark.parametrize("data, message", [
    ({"name": "", "scopes": ["disclosures.draft"]}, "请填写令牌名称"),
    ({"name": "x", "scopes": []}, "请至少选择一项权限范围"),
    ({"name": "x", "scopes": ["admin.everything"]}, "只能选择列出的权限范围"),
])
def test_bad_form_keeps_what_was_typed(client, world, data, message):
    client.force_login(world["leader"])
    r = client.post("/work/api-tokens/", {"agency": world["dept"].pk, **data})
    assert r.status_code == 400 and message in r.content.decode() and not ApiToken.objects.exists()


def test_revoke_through_the_action_menu(client, world, make_token, call):
    token, secret = make_token(world["dept"])
    client.force_login(world["other_leader"])
    assert client.post(f"/work/api-tokens/{token.pk}/do/revoke/").status_code == 404
    client.force_login(world["officer"])
    assert client.post(f"/work/api-tokens/{token.pk}/do/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.is_active
    client.force_login(world["leader"])
    page = client.get("/work/api-tokens/").content.decode()
    assert f'action="/work/api-tokens/{token.pk}/do/revoke/"' in page
    r = client.post(f"/work/api-tokens/{token.pk}/do/revoke/")
    assert r.status_code == 302
    token.refresh_from_db()
    assert not token.is_active and token.revoked_by == world["leader"]
    event = Event.objects.get(action="api_token.revoked")
    assert event.actor == world["leader"] and event.after["revoked_at"]
    assert call("post", "/api/v1/applications", {}, secret).status_code == 401
    client.post(f"/work/api-tokens/{token.pk}/do/revoke/")  # twice: refused, not an error page
    assert Event.objects.filter(action="api_token.revoked").count() == 1
