"""Acceptance in a real browser: draft → content review → 保密审查 → on the portal with its metadata and QR
code, found by portal search with a two-character word of its body; a late item shows as late."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.disclosures import actions


def as_user(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15000)
    pg = context.new_page()
    pg.goto("/accounts/login/")
    pg.get_by_label("用户名").fill(username)
    pg.get_by_label("密码").fill("Pw-for-tests-2026")
    pg.get_by_role("button", name="登录").click()
    pg.wait_for_url("**/work/**")
    return pg


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_publish_flow_and_portal(browser, live_server, agency_tree, make_user, calendar):
    dept = agency_tree["dept"]
    officer = make_user(dept, "officer", username="zhuanyuan")
    make_user(dept, "reviewer", username="shenhe")
    make_user(dept, "secrecy_reviewer", username="baomi")
    node = actions.save_node(officer, dept, name="统计公报")
    today = timezone.localdate()

    pg = as_user(browser, live_server, "zhuanyuan")
    pg.goto("/work/disclosures/new/")
    pg.get_by_label("标题").fill("2026年全市粮食生产情况")
    pg.get_by_label("成文日期").fill((today - dt.timedelta(days=2)).isoformat())
    pg.get_by_label("第二十条事项").select_option("A20_04")
    pg.get_by_label("公开目录栏目").select_option(str(node.pk))
    pg.get_by_label("正文").fill("<p>全年粮食播种面积保持稳定，单产有所提高。</p>")
    with pg.expect_navigation():  # read the page the click leads to, not the one it leaves
        pg.get_by_role("button", name="保存并提交审核").click()
    assert "已提交审核，等待审核人" in pg.content()
    item_url = pg.url
    pg.context.close()

    pg = as_user(browser, live_server, "shenhe")
    pg.goto("/work/disclosures/queue/")
    with pg.expect_navigation():
        pg.get_by_role("link", name="2026年全市粮食生产情况").click()
    pg.get_by_label("审核意见").fill("内容准确")
    with pg.expect_navigation():
        pg.get_by_role("button", name="内容审核通过").click()
    assert "已转保密审查" in pg.content()
    pg.context.close()

    pg = as_user(browser, live_server, "baomi")
    pg.goto(item_url)
    with pg.expect_navigation():
        pg.get_by_role("button", name="保密审查通过并公开").click()
    assert "信息已公开" in pg.content()
    pg.context.close()

    # the public, not logged in
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    pub = context.new_page()
    pub.goto(f"/open/{dept.slug}/")
    with pub.expect_navigation():
        pub.get_by_role("link", name="统计公报").first.click()
    with pub.expect_navigation():
        pub.get_by_role("link", name="2026年全市粮食生产情况").click()
    table = pub.locator("table.meta-table")
    assert f"{dept.slug}/{today.year}-00001" in table.inner_text()
    assert "发布机构" in table.inner_text() and dept.name in table.inner_text()
    qr = pub.locator("figure.qr-code svg")
    assert qr.count() == 1 and qr.get_attribute("class") == "qr"
    assert pub.locator("h1").inner_text() == "2026年全市粮食生产情况"
    # search by a two-character word of the body
    pub.goto("/open/search/")
    pub.get_by_label("关键词").fill("单产")
    with pub.expect_navigation():
        pub.get_by_role("button", name="检索").click()
    assert "找到 1 条结果" in pub.content()
    assert pub.locator("ol.results mark").first.inner_text() == "单产"
    with pub.expect_navigation():
        pub.locator("ol.results a").first.click()
    assert "2026年全市粮食生产情况" in pub.locator("h1").inner_text()
    context.close()

    # an item formed 25 working days before its publication shows as late
    formed = today
    for _ in range(25):
        formed -= dt.timedelta(days=1)
        while not calendar.is_workday(formed):
            formed -= dt.timedelta(days=1)
    late = actions.create_item(officer, dept, {"title": "迟到的统计月报", "formed_on": formed})
    actions.submit_item(officer, late)
    actions.approve_content(make_user(dept, "reviewer"), late)
    actions.approve_secrecy(make_user(dept, "secrecy_reviewer"), late, published_on=today)
    pg = as_user(browser, live_server, "shenhe")
    pg.goto("/work/disclosures/late/")
    row = pg.locator("tr", has_text="迟到的统计月报")
    assert row.count() == 1 and "25" in row.inner_text()
    pg.goto("/work/")
    assert "超期公开" in pg.locator("#panel-disclosures").locator("..").inner_text()
    pg.goto("/work/disclosures/")
    assert "超期（25个工作日）" in pg.locator("tr", has_text="迟到的统计月报").inner_text()
    pg.context.close()
