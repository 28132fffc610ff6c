"""The stored application form page (serving.formcache) follows the agencies: one added, renamed or no longer
receiving applications shows on the next page; a change on another host shows within a second, and the shared
cache is asked for the content version at most once a second per process (issue 14: that Redis round trip
on every request was a fifth of the page's time in a worker under load)."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def reused(settings, agency_tree):
    from gongkai.serving import formcache

    settings.GONGKAI_PAGE_CACHE_SECONDS = 300
    formcache.forget_version()
    yield agency_tree
    formcache.forget_version()


def _options(client) -> list[str]:
    html = client.get("/apply/").content.decode()
    select = re.search(r'<select name="agency".*?</select>', html, re.S).group(0)
    return re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", select)


@pytest.mark.django_db
def test_an_agency_added_renamed_or_closed_to_applications_shows_on_the_next_page(reused, client):
    from gongkai.agencies.models import Agency

    assert "测试市统计局" in _options(client) and "测试市审计局" not in _options(client)
    Agency.objects.create(name="测试市审计局", slug="t-audit", parent=reused["city"])
    assert "测试市审计局" in _options(client)
    dept = reused["dept"]
    dept.name = "测试市统计局（更名）"
    dept.save()
    names = _options(client)
    assert "测试市统计局（更名）" in names and "测试市统计局" not in names
    dept.may_receive_applications = False
    dept.save()
    assert "测试市统计局（更名）" not in _options(client)
    Agency.objects.filter(slug="t-audit").delete()
    assert "测试市审计局" not in _options(client)


@pytest.mark.django_db
def test_a_change_on_another_host_shows_within_a_second(reused, client):
    from gongkai.agencies.models import Agency
    from gongkai.serving import formcache, pagecache

    assert "测试市统计局" in _options(client)
    # another host: the row changes and the shared version moves, but no signal fires in this process
    Agency.objects.filter(pk=reused["dept"].pk).update(name="测试市统计局（他处更名）")
    pagecache.bump()
    assert "测试市统计局" in _options(client)  # this process read the version less than a second ago
    formcache._seen["at"] -= formcache.VERSION_RECHECK_SECONDS  # a second later
    assert "测试市统计局（他处更名）" in _options(client)


@pytest.mark.django_db
def test_the_shared_version_is_read_at_most_once_a_second(reused, client, monkeypatch):
    from gongkai.serving import formcache, pagecache

    client.get("/apply/")
    reads = []
    real = pagecache.version
    monkeypatch.setattr(pagecache, "version", lambda: reads.append(1) or real())
    pages = {client.get("/apply/").status_code for _ in range(5)}
    assert pages == {200} and reads == []
    formcache._seen["at"] -= formcache.VERSION_RECHECK_SECONDS
    client.get("/apply/")
    assert len(reads) == 1
