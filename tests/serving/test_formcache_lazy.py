"""The reused application form page (serving.formcache) does not build the form again: building it (every
field deep-copied) cost as much as the rest of the request (bench: the form page's share of hello-world
throughput went from 0.40 to 0.55 in-process)."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_a_reused_form_page_builds_no_form(settings, agency_tree, monkeypatch, client):
    from gongkai.applications import views_public

    settings.GONGKAI_PAGE_CACHE_SECONDS = 300
    built = []
    real = views_public.PublicApplyForm

    class Counting(real):
        def __init__(self, *args, **kwargs):
            built.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(views_public, "PublicApplyForm", Counting)
    first = client.get("/apply/")
    assert first.status_code == 200 and len(built) == 1
    for _ in range(3):
        again = client.get("/apply/")
        assert again.status_code == 200 and "测试市统计局" in again.content.decode()
    assert len(built) == 1
    settings.GONGKAI_PAGE_CACHE_SECONDS = 0  # no reuse: the form is built for every page
    client.get("/apply/")
    assert len(built) == 2
