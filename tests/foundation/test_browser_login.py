import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_login_in_real_browser(page, login, agency_tree, make_user):
    make_user(agency_tree["dept"], "officer", username="zhuanyuan", full_name="张专员")
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert "政府信息公开" in page.locator("h1").inner_text()
    login("zhuanyuan")
    assert "我的工作台" in page.locator("h1").inner_text()
    assert "测试市统计局" in page.content()
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/")
    assert "工作人员登录" in page.content()
