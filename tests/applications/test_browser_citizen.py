"""The citizen's side in Debian's Chromium (issue 9 item 8): the status page's plain words before
registration, the receipt printed again, a lost query password reset by the e-mailed link (confirmed on the
page, shown once), and the old password refused afterwards."""

import re

import pytest
from django.core import mail

from gongkai.applications import actions


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_status_words_receipt_and_password_reset(browser, live_server, page, agency_tree, person, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.GONGKAI_SITE_URL = live_server.url  # the mailed reset link is on the site's address
    app, password, _ = actions.submit_online(actions.APPLICANT_ONLINE, agency_tree["dept"], person, token="br-1")

    page.goto("/apply/status/")
    page.fill("#id_tracking_code", app.tracking_code)
    page.fill("#id_password", password)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/status/case/")
    assert "已提交，待登记" in page.locator("#state").inner_text()
    due = page.locator("#due-date").inner_text()
    assert "登记受理后开始计算" in due and "暂停" not in due
    with page.context.expect_page() as popup:
        page.locator("#reprint-receipt").click()
    receipt = popup.value
    receipt.wait_for_load_state()
    assert app.tracking_code in receipt.locator("body").inner_text() and "补打" in receipt.locator("body").inner_text()
    receipt.close()
    page.get_by_role("button", name="退出查询").click()

    mail.outbox.clear()
    page.locator("#forgot-password").click()
    page.fill("#id_tracking_code", app.tracking_code)
    page.get_by_role("button", name="发送重置链接").click()
    assert "重置链接已发送到该邮箱" in page.locator("#reset-answer").inner_text()
    link = re.search(r"https?://\S+/status/reset/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.locator("#reset-confirm").click()
    new = page.locator("#query-password").inner_text()
    assert new and new != password

    page.goto("/apply/status/")
    page.fill("#id_tracking_code", app.tracking_code)
    page.fill("#id_password", password)
    page.get_by_role("button", name="查询").click()
    assert "查询码或查询密码不正确" in page.locator("body").inner_text()
    page.fill("#id_password", new)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/status/case/")
    assert app.tracking_code in page.locator("body").inner_text()
