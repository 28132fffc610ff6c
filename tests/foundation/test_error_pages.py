"""403, 404, 500 and CSRF failures answer with Chinese pages in the frame of the site the visitor was
on — also under DEBUG, where Django would show its technical 404 page (kept behind a setting)."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

PORTAL_FRAME = "政府信息公开平台"
WORKBENCH_FRAME = "工作台导航"


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_404_is_chinese_in_the_portal_frame(client, settings, debug):
    settings.DEBUG = debug
    resp = client.get("/no-such-page/")
    html = resp.content.decode()
    assert resp.status_code == 404
    assert "页面不存在" in html and PORTAL_FRAME in html and WORKBENCH_FRAME not in html
    assert "Page not found" not in html and "URLconf" not in html


@pytest.mark.django_db
def test_404_raised_by_a_view_under_debug_is_ours(client, settings, make_user, agency_tree):
    settings.DEBUG = True
    client.force_login(make_user(agency_tree["dept"], "officer"))
    resp = client.get(reverse("applications:detail", args=[999999]))
    html = resp.content.decode()
    assert resp.status_code == 404 and "页面不存在" in html and WORKBENCH_FRAME in html
    assert "Raised by" not in html


@pytest.mark.django_db
def test_debug_page_stays_available_to_developers(client, settings):
    settings.DEBUG = True
    settings.GONGKAI_DEBUG_ERROR_PAGES = True
    html = client.get("/no-such-page/").content.decode()
    assert "页面不存在" not in html and "URLconf" in html


@pytest.mark.django_db
def test_403_in_the_workbench_frame_with_the_reason(client, make_user, agency_tree):
    client.force_login(make_user(agency_tree["dept"], "officer"))
    resp = client.get(reverse("journal:list"))
    html = resp.content.decode()
    assert resp.status_code == 403
    assert "没有访问权限" in html and WORKBENCH_FRAME in html
    assert "只有安全审计员和政务公开办可以查看事件日志" in html


@pytest.mark.django_db
def test_csrf_failure_is_a_chinese_page():
    csrf_client = Client(enforce_csrf_checks=True)
    resp = csrf_client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    html = resp.content.decode()
    assert resp.status_code == 403
    assert "页面已过期" in html and PORTAL_FRAME in html
    assert "CSRF" not in html and "Forbidden" not in html


@pytest.mark.django_db
def test_500_is_chinese_without_the_database():
    from gongkai.serving.busy import server_error

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        resp = server_error(RequestFactory().get("/work/"))
    html = resp.content.decode()
    assert resp.status_code == 500 and "系统出错" in html and PORTAL_FRAME in html
    assert "Server Error" not in html
