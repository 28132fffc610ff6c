import datetime as dt
import json

import pytest


@pytest.fixture
def world(agency_tree, make_user):
    """The test agency tree with a leader and an officer at the statistics bureau, a leader at the other
    department, and the city's 政务公开办."""
    return {
        **agency_tree,
        "leader": make_user(agency_tree["dept"], "leader"),
        "officer": make_user(agency_tree["dept"], "officer"),
        "reviewer": make_user(agency_tree["dept"], "reviewer"),
        "secrecy": make_user(agency_tree["dept"], "secrecy_reviewer"),
        "other_leader": make_user(agency_tree["other"], "leader"),
        "supervisor": make_user(agency_tree["city"], "supervisor"),
    }


@pytest.fixture
def make_token(db):
    """make_token(agency, scopes=all) → (ApiToken, secret), created through the action (as SYSTEM)."""
    from gongkai.api.actions import create_token
    from gongkai.api.scopes import SCOPES
    from gongkai.journal.actors import SYSTEM

    def make(agency, scopes=None, name="12345热线"):
        return create_token(SYSTEM, agency, name, list(scopes or SCOPES))

    return make


@pytest.fixture
def call(client):
    """call(method, url, body=None, token=None, **headers) → response (JSON body, Bearer token)."""

    def do(method, url, body=None, token=None, **extra):
        if token:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        data = body if isinstance(body, str | bytes) else (json.dumps(body) if body is not None else None)
        return getattr(client, method)(url, data=data, content_type="application/json", **extra)

    return do


@pytest.fixture
def publish(world):
    """publish(**data) → a disclosure item of the statistics bureau taken through the review workflow."""
    from gongkai.disclosures import actions

    def do(**data):
        published_on = data.pop("published_on", None)
        base = {"title": "测试统计公报", "formed_on": dt.date(2020, 3, 2), "body": "<p>全市地区生产总值比上年增长。</p>",
                "art20_item": "A20_04"}
        base.update(data)
        item = actions.create_item(world["officer"], world["dept"], base)
        actions.submit_item(world["officer"], item)
        actions.approve_content(world["reviewer"], item)
        return actions.approve_secrecy(world["secrecy"], item, published_on=published_on)

    return do


APPLICATION = {
    "external_id": "12345-0001", "channel": "in_person", "arrival_date": "2026-03-02",
    "applicant_type": "natural_person", "applicant_name": "张测试", "id_type": "id_card",
    "id_number": "510500199001061234", "phone": "13800001111", "info_description": "2025年规模以上工业企业名单",
}
