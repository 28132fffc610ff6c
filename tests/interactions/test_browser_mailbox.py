import re

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15000)
    pg = context.new_page()
    yield pg
    context.close()


def no_horizontal_scroll(pg) -> bool:
    return pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_writes_on_a_phone_staff_reply_and_publish_citizen_reads_the_reply(
    phone, page, login, agency_tree, make_user
):
    make_user(agency_tree["dept"], "officer", username="tj_officer", full_name="王专员")
    make_user(agency_tree["dept"], "reviewer", username="tj_reviewer", full_name="李审核")

    # 1. the citizen writes a letter on a phone, using the keyboard-friendly form
    phone.goto("/mailbox/")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent") == "跳到正文"
    assert phone.get_by_role("heading", level=1).inner_text() == "领导信箱"
    phone.get_by_role("link", name="给测试市统计局写信").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("给测试市统计局写信")
    assert no_horizontal_scroll(phone)
    phone.get_by_label("咨询").check()
    phone.get_by_label("姓名").fill("赵小明")
    phone.get_by_label("联系电话").fill("13700001234")
    phone.get_by_label("标题").fill("如何查询月度CPI数据")
    phone.get_by_label("来信内容").fill("请问每月的居民消费价格指数在哪里发布？我的手机13700001234。")
    phone.get_by_label("同意在去除个人信息后公开本信及答复").check()
    assert phone.get_by_label(re.compile(r"^查询密码")).count() == 0  # the platform generates it (issue 15.9)
    phone.get_by_role("button", name="提交来信").click()
    phone.wait_for_url("**/mailbox/sent/")
    code = phone.locator("#tracking-code").inner_text().strip()
    password = phone.locator("#query-password").inner_text().strip()
    assert re.fullmatch(r"XX[A-Z0-9]{10}", code)
    assert "13700001234" not in phone.url and "赵小明" not in phone.url
    assert no_horizontal_scroll(phone)

    # 2. the officer drafts a reply
    login("tj_officer")
    page.goto("/work/interactions/")
    assert "赵**" in page.content() and "137****1234" in page.content()
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("如何查询月度CPI数据")
    page.get_by_label("答复内容").fill("您好！居民消费价格指数按月在本局网站“统计数据”栏目发布。")
    page.get_by_role("button", name="保存答复草稿").click()
    expect(page.locator(".messages")).to_contain_text("答复草稿已保存")
    page.get_by_role("button", name="退出登录").click()

    # 3. the reviewer approves, sends and publishes the Q&A (personal data already removed in the form)
    login("tj_reviewer")
    page.goto("/work/interactions/")
    page.get_by_role("link", name=code).click()
    page.get_by_label("审核通过").check()
    page.get_by_role("button", name="提交审核结论").click()
    expect(page.locator(".messages")).to_contain_text("审核通过")
    page.get_by_role("button", name="发送答复").click()
    expect(page.locator(".messages")).to_contain_text("答复已发送")
    question = page.get_by_label("公开的来信内容").input_value()
    assert "13700001234" not in question and "***" in question
    page.get_by_role("button", name="公开问答").click()
    expect(page.locator(".messages")).to_contain_text("问答已公开")

    # 4. the citizen checks the reply with the tracking code, and finds the published Q&A
    phone.goto("/mailbox/query/")
    phone.get_by_label("查询码").fill(code)
    phone.get_by_label(re.compile(r"^查询密码")).fill(password)
    phone.get_by_role("button", name="查询").click()
    expect(phone.locator("#reply-body")).to_contain_text("居民消费价格指数按月在本局网站")
    assert "已答复" in phone.locator("main").inner_text()
    assert no_horizontal_scroll(phone)
    phone.goto("/mailbox/qa/")
    phone.get_by_role("link", name="如何查询月度CPI数据").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("如何查询月度CPI数据")
    body = phone.locator("main").inner_text()
    assert "居民消费价格指数按月在本局网站" in body
    assert "13700001234" not in body and "赵小明" not in body


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_everything_public_works_without_javascript(browser, live_server, agency_tree, make_user):
    import datetime as dt

    from django.utils import timezone

    from gongkai.interactions import actions

    officer = make_user(agency_tree["dept"], "officer", username="tj_officer2")
    today = timezone.localdate()
    survey = actions.create_survey(officer, agency_tree["dept"], title="无脚本调查", description="",
                                   opens_on=today, closes_on=today + dt.timedelta(days=3))
    actions.add_question(officer, survey, text="关注哪些数据？", kind="multiple", options=["经济", "人口", "收入"])
    actions.open_survey(officer, survey)

    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False,
                                  locale="zh-CN")
    pg = context.new_page()
    pg.goto("/mailbox/write/t-stats/")
    pg.get_by_label("求助").check()
    pg.get_by_label("姓名").fill("钱多多")
    pg.get_by_label("电子邮箱").fill("qdd@example.com")
    pg.get_by_label("标题").fill("无脚本来信")
    pg.get_by_label("来信内容").fill("没有脚本也能写信吗？")
    pg.get_by_role("button", name="提交来信").click()
    pg.wait_for_url("**/mailbox/sent/")
    code = pg.locator("#tracking-code").inner_text().strip()
    password = pg.locator("#query-password").inner_text().strip()
    pg.goto("/mailbox/query/")
    pg.get_by_label("查询码").fill(code)
    pg.get_by_label(re.compile(r"^查询密码")).fill(password)
    pg.get_by_role("button", name="查询").click()
    expect(pg.get_by_role("heading", level=2)).to_have_text("无脚本来信")
    assert "正在办理中" in pg.locator("main").inner_text()

    pg.goto("/mailbox/surveys/")
    pg.get_by_role("link", name="无脚本调查").click()
    pg.get_by_label("经济").check()
    pg.get_by_label("收入").check()
    pg.get_by_role("button", name="提交").click()
    expect(pg.locator(".messages")).to_contain_text("提交成功")
    assert survey.responses.count() == 1
    assert sorted(survey.responses.get().answers.values_list("option__text", flat=True)) == ["收入", "经济"]
    context.close()
