"""The application form, with JavaScript switched off: the applicant type shows the person's or the
organisation's fields, required fields are marked, selects say "请选择…", and a refused form starts with an
error summary whose links lead to the fields."""

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_apply_form_without_javascript(browser, live_server, agency_tree):
    ctx = browser.new_context(base_url=live_server.url, locale="zh-CN", java_script_enabled=False)
    pg = ctx.new_page()
    try:
        pg.goto("/apply/")
        html = pg.content()
        assert "---------" not in html and "请选择…" in html
        assert pg.locator("label[for=id_applicant_name] .required-mark").count() == 1
        assert pg.locator("label[for=id_purpose] .required-mark").count() == 0  # optional: no mark
        assert not pg.locator("label").filter(has_text=":").count()
        pg.select_option("#id_applicant_type", "natural_person")
        assert pg.locator("#id_id_number").is_visible() and not pg.locator("#id_credit_code").is_visible()
        pg.select_option("#id_applicant_type", "business")
        assert pg.locator("#id_credit_code").is_visible() and not pg.locator("#id_id_number").is_visible()
        pg.fill("#id_applicant_name", "某某科技有限公司")
        pg.get_by_role("button", name="提交申请").click()
        pg.wait_for_load_state()
        summary = pg.locator(".error-summary")
        assert summary.count() == 1 and "请修改以下" in summary.inner_text()
        link = summary.locator("a[href='#id_credit_code']")
        assert link.count() == 1 and "统一社会信用代码" in link.inner_text()
        # the type chosen is kept, so the organisation's fields are still the ones shown
        assert pg.locator("#id_credit_code").is_visible() and not pg.locator("#id_id_number").is_visible()
    finally:
        ctx.close()
