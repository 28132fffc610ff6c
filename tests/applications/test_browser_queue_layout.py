"""The application list at 1366 × 768 (an officer's laptop): every column fits without a horizontal
scrollbar and the short columns (状态, dates, 剩余工作日, 承办人) never wrap ("办/理")."""

import datetime as dt

import pytest

from gongkai.applications import actions
from gongkai.applications.models import Application

LINES = """(sel) => Array.from(document.querySelectorAll(sel)).map(td => {
  const tops = new Set();
  const walk = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    if (!walk.currentNode.textContent.trim()) continue;
    const r = document.createRange(); r.selectNodeContents(walk.currentNode);
    for (const x of r.getClientRects()) tops.add(Math.round(x.bottom));
  }
  return [td.innerText, tops.size];
})"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_application_list_fits_1366(page, login, received, staff, person, calendar):
    long_info = "关于本市二〇二五年度城乡居民最低生活保障资金发放明细及审核程序的全部文件"
    for i in range(12):
        app = received(dt.date(2026, 3, 2) + dt.timedelta(days=i), data={**person, "info_name": long_info})
        if i % 3 == 0:
            actions.assign(staff["reviewer"], app, staff["officer"])
        if i % 4 == 1:
            Application.objects.filter(pk=app.pk).update(due_date=None, clock_paused=True,
                                                         pause_reason="third_party")
    page.set_viewport_size({"width": 1366, "height": 768})
    login("officer1")
    page.goto("/work/applications/?state=open&sort=-due")
    assert page.locator("table.app-queue tbody tr").count() == 12
    overflow = page.evaluate("""() => { const s = document.querySelector('.table-scroll');
        return [s.scrollWidth, s.clientWidth]; }""")
    assert overflow[0] <= overflow[1], f"the list scrolls sideways at 1366 px: {overflow}"
    for col in ("state", "receipt", "due", "remaining", "handler", "code"):
        cells = page.evaluate(LINES, f"table.app-queue td.col-{col}")
        wrapped = [text for text, lines in cells if lines > 1]
        assert not wrapped, f"{col} wraps at 1366 px: {wrapped[:3]}"
    headers = page.evaluate(LINES, "table.app-queue th")
    assert all(lines == 1 for _, lines in headers), headers
    # the remaining-workdays badge carries its colour
    colour = page.evaluate("""() => getComputedStyle(document.querySelector('.remaining-paused')).backgroundColor""")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
