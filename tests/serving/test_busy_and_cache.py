"""A busy database answers 503 「请稍后重试」 with Retry-After (never 500); public pages come from the cache
until something they show changes, with ETag/Last-Modified; /healthz."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import path


def _locked(request):
    raise OperationalError("database is locked")


def _broken(request):
    raise OperationalError("no such table: nothing")


urlpatterns = [path("locked", _locked), path("broken", _broken)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_lock_timeout_in_a_view_is_a_chinese_503(client):
    resp = client.get("/locked")
    assert resp.status_code == 503 and resp["Retry-After"] == "5"
    assert "请稍后重试" in resp.content.decode()
    client.raise_request_exception = True
    with pytest.raises(OperationalError):
        client.get("/broken")  # other database errors are not disguised


@pytest.mark.django_db
def test_public_pages_are_cached_until_an_item_changes(client, settings, agency_tree):
    from gongkai.agencies.models import Agency

    settings.GONGKAI_PAGE_CACHE_SECONDS = 300
    first = client.get("/open/")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    again = client.get("/open/")
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    # a browser's repeat visit is a 304
    assert client.get("/open/", HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304
    assert client.get("/open/", HTTP_IF_MODIFIED_SINCE=again["Last-Modified"]).status_code == 304
    Agency.objects.create(name="新成立的测试局", slug="t-new", parent=agency_tree["city"])  # a change
    fresh = client.get("/open/")
    assert fresh["X-Page-Cache"] == "miss" and "新成立的测试局" in fresh.content.decode()
    # a signed-in visitor, or one with a session, never gets a cached page
    client.cookies[settings.SESSION_COOKIE_NAME] = "whatever"
    assert "X-Page-Cache" not in client.get("/open/")


@pytest.mark.django_db
def test_healthz_reports_each_part(client, settings):
    from django.core.cache import cache

    from gongkai.serving.health import HEARTBEAT_KEY

    resp = client.get("/healthz")
    body = resp.json()
    assert resp.status_code == 503 and body["database"]["ok"] and not body["jobs"]["ok"]
    assert "gongkai worker" in body["jobs"]["error"]
    import time

    cache.set(HEARTBEAT_KEY, time.time() - 3)
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and 2 <= body["jobs"]["lag_seconds"] < 60


@pytest.mark.django_db
def test_the_application_form_is_rendered_once_and_each_visitor_gets_own_tokens(settings, agency_tree):
    import re

    from django.test import Client

    settings.GONGKAI_PAGE_CACHE_SECONDS = 300
    pages = []
    for _ in range(2):
        c = Client(enforce_csrf_checks=True)
        html = c.get("/apply/").content.decode()
        token = re.search(r'name="token" value="([0-9a-f]{32})"', html).group(1)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        pages.append((c, token, csrf, html))
    (c1, t1, s1, h1), (c2, t2, s2, h2) = pages
    assert t1 != t2 and s1 != s2
    assert h1.replace(t1, "T").replace(s1, "S") == h2.replace(t2, "T").replace(s2, "S")
    assert "测试市统计局" in h2
    # the second visitor's tokens are good: the form posts (and fails only on the empty fields)
    resp = c2.post("/apply/", {"csrfmiddlewaretoken": s2, "token": t2})
    assert resp.status_code == 200 and "请选择" in resp.content.decode()
