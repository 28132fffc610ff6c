"""In a real browser: the journal, a 404, a 403 and a CSRF failure show Chinese pages — no action code
such as "disclosure.create" and no Python dict anywhere on them."""

import re

import pytest
from django.db import transaction

from gongkai.journal.actors import public
from gongkai.journal.services import record

CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
DICT = re.compile(r"\{\s*['\"]")


def _clean(page) -> str:
    text = page.locator("body").inner_text()
    assert not CODE.search(text), CODE.search(text)
    assert not DICT.search(text), text
    return text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_journal_and_error_pages_are_chinese(page, login, agency_tree, make_user):
    make_user(agency_tree["city"], "supervisor", username="shenji", full_name="赵督查")  # reads events in full
    make_user(agency_tree["dept"], "officer", username="zhuanyuan", full_name="张专员")
    with transaction.atomic():
        record("disclosure.update", actor=public("张专员"), agency=agency_tree["dept"],
               object_type="disclosures.disclosureitem", object_id="1", object_repr="关于统计公报的通知",
               before={"title": "旧标题", "published_on": None}, after={"title": "新标题", "published_on": "2026-03-02"})
        record("report.publish", actor=public("张专员"), agency=agency_tree["dept"],
               before={"state": "reviewed"}, after={"state": "published", "updated_at": "2026-03-02T16:30:00+00:00"})

    login("shenji")
    page.goto("/work/journal/")
    text = _clean(page)
    assert "修改公开信息" in text and "发布年度报告" in text
    assert "旧标题" in text and "新标题" in text and "2026-03-03 00:30:00" in text  # Beijing time

    page.goto("/work/no-such-page/")
    text = _clean(page)
    assert "页面不存在" in text and "我的工作台" in text  # the workbench's frame

    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/")
    page.goto("/open/no-such-page/")
    assert "页面不存在" in _clean(page)

    login("zhuanyuan")
    page.goto("/work/journal/")
    text = _clean(page)
    assert "没有访问权限" in text and "只有安全审计员和政务公开办可以查看事件日志" in text

    page.goto("/work/")
    page.evaluate("document.querySelectorAll('input[name=csrfmiddlewaretoken]')"
                  ".forEach(i => { i.value = 'x'.repeat(64); })")
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_load_state()
    text = _clean(page)
    assert "页面已过期" in text
