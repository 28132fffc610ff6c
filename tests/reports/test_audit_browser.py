"""The audit page in a real browser: upload a report, see the error cell, download the Excel file."""

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_audit_upload_in_browser(page, shared_dir, tmp_path, settings):
    from openpyxl import load_workbook

    settings.GONGKAI_AUDIT_RATE_LIMIT = (1000, 600)
    page.goto("/audit/")
    page.get_by_label("选择文件").first.set_input_files(str(shared_dir / "fixtures/reports/hongze-2023.txt"))
    page.get_by_role("button", name="审核").click()
    page.wait_for_selector("#table4")
    assert page.locator("#error-count").inner_text() == "错误 3 项"
    error_cells = page.locator("#table4 td.err")
    assert error_cells.count() == 10  # the two inconsistent groups of table 4, all five cells each
    assert "L5" in (error_cells.nth(4).get_attribute("title") or "")
    page.locator("#table4 td.err sup a").first.click()
    assert page.evaluate("location.hash").startswith("#f-")
    with page.expect_download() as dl:
        page.get_by_role("button", name="下载 Excel").click()
    path = tmp_path / "audit.xlsx"
    dl.value.save_as(path)
    wb = load_workbook(path)
    assert wb["表四"]["A2"].value == 10
