"""In the browser: an officer opens the report, follows a table cell to the records it counts; the
published report on the portal shows the three tables."""

import pytest

from gongkai.journal.actors import SYSTEM
from gongkai.reports import actions

from .helpers import complete


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_drills_into_a_cell_and_reads_the_published_report(year_2021, make_user, page, login):
    officer = make_user(year_2021, "officer", username="report_officer")
    report = actions.create_report(officer, year_2021, 2021)
    login("report_officer")
    page.goto(f"/work/reports/{report.pk}/")
    assert page.get_by_role("heading", name=report.title).is_visible()
    cell = page.locator('td[headers="t3-r-new t3-app t3-c0"] a')
    assert cell.inner_text() == "5"
    cell.click()
    page.wait_for_url("**/cell/t3/new/0/")
    assert page.get_by_role("heading", level=1).inner_text() == "表三 一、本年新收政府信息公开申请数量 / 自然人"
    assert page.get_by_text("共 5 条记录").is_visible()
    actions.publish(SYSTEM, actions.mark_reviewed(SYSTEM, complete(report)))
    page.goto("/annual-reports/")
    page.get_by_role("link", name=report.title).click()
    page.wait_for_url(f"**/annual-reports/{report.pk}/")  # loaded (count() does not wait)
    assert page.locator("table.report-table").count() == 3
    assert page.locator("th", has_text="（七）总计").count() == 1
