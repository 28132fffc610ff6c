"""On a phone (390 × 844, issue 13 item 6): no portal page is wider than the screen, and the annual report's
tables scroll sideways in their box with the row labels kept in view, each figure column a few characters
wide (table 3 used to be squeezed into two-character columns)."""

import pytest

from gongkai.disclosures.models import DisclosureItem, Status
from gongkai.interactions.models import MailboxLetter, Survey
from gongkai.reports.models import AnnualReport
from gongkai.reports.models import State as ReportState

PHONE = {"width": 390, "height": 844}

# every element that sticks out to the right of the screen, outside a box that scrolls sideways
OVERFLOW = """() => {
  const de = document.documentElement, out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > de.clientWidth + 1 && !el.closest('.table-scroll'))
      out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' → ' + Math.round(r.right));
  }
  return {scroll: de.scrollWidth, client: de.clientWidth, out: out.slice(0, 5)};
}"""

# per report table: its box's widths, the narrowest figure cell in em of its font, and where the label of
# the last body row is after scrolling the box fully to the right
TABLE = """(key) => {
  const t = document.querySelector('table.report-' + key), box = t.parentElement;
  const em = parseFloat(getComputedStyle(t).fontSize);
  const tds = [...t.querySelectorAll('td')].map(td => td.getBoundingClientRect().width / em);
  const before = {scroll: box.scrollWidth, client: box.clientWidth};
  box.scrollLeft = box.scrollWidth;
  const rows = t.querySelectorAll('tbody tr'), label = rows[rows.length - 1].querySelector('th');
  const lr = label ? label.getBoundingClientRect() : null, br = box.getBoundingClientRect();
  return {...before, narrowest: Math.min(...tds), scrolled: box.scrollLeft,
          label: label ? label.innerText : '', labelInBox: lr ? lr.left >= br.left - 1 && lr.right <= br.right + 1 : null};
}"""


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


def _portal_pages() -> list[str]:
    item = DisclosureItem.objects.filter(agency__slug="luzhou-tjj", status=Status.PUBLISHED).order_by("pk").first()
    report = AnnualReport.objects.get(agency__slug="luzhou-tjj", year=2020, is_rollup=False)
    assert report.state == ReportState.PUBLISHED
    letter = MailboxLetter.objects.filter(agency__slug="luzhou-tjj").order_by("pk").first()
    survey = Survey.objects.order_by("pk").first()
    return [
        "/", "/open/", "/open/luzhou-tjj/", "/open/luzhou-tjj/items/", f"/open/luzhou-tjj/items/{item.pk}/",
        "/open/luzhou-tjj/guide/", "/open/search/?q=统计公报", "/apply/", "/apply/status/", "/mailbox/",
        "/mailbox/qa/", f"/mailbox/qa/{letter.pk}/", "/mailbox/surveys/", f"/mailbox/surveys/{survey.pk}/results/",
        "/annual-reports/", f"/annual-reports/{report.pk}/", "/workdays/?start=2026-09-25&days=20", "/data/",
        "/data/agency/luzhou-tjj/", "/open/no-such-page/", "/accounts/login/",
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_portal_pages_fit_a_phone_and_report_tables_scroll(phone, demo_data):
    pages = _portal_pages()
    wide = {}
    for url in pages:
        phone.goto(url)
        found = phone.evaluate(OVERFLOW)
        if found["scroll"] > found["client"] or found["out"]:
            wide[url] = found
    assert wide == {}, wide
    print(f"\n{len(pages)} portal pages at 390 × 844: none wider than the screen")

    phone.goto(next(u for u in pages if u.startswith("/annual-reports/") and u != "/annual-reports/"))
    t3 = phone.evaluate(TABLE, "t3")
    # the figures scroll sideways in their box, each column at least 3 characters wide …
    assert t3["scroll"] > t3["client"] and t3["scrolled"] > 0, t3
    assert t3["narrowest"] >= 3, t3
    # … while the row labels stay in view ("四、结转下年度继续办理" after scrolling fully to the right)
    assert "结转下年度继续办理" in t3["label"] and t3["labelInBox"], t3
    t4 = phone.evaluate(TABLE, "t4")
    assert t4["narrowest"] >= 2 and t4["scroll"] > t4["client"], t4
    t2 = phone.evaluate(TABLE, "t2")
    assert t2["narrowest"] >= 3 and t2["labelInBox"], t2
    print(f"table 3: box {t3['client']} px shows {t3['scroll']} px, narrowest figure {t3['narrowest']:.1f} em; "
          f"table 4 narrowest {t4['narrowest']:.1f} em")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_wide_list_keeps_its_first_column_in_view(phone, demo_data):
    phone.goto("/data/")
    found = phone.evaluate("""() => {
      const box = document.querySelector('.table-scroll'), t = box.querySelector('table');
      const first = t.querySelector('tbody tr > :first-child');
      box.scrollLeft = box.scrollWidth;
      const fr = first.getBoundingClientRect(), br = box.getBoundingClientRect();
      const narrowest = Math.min(...[...t.querySelectorAll('th, td')].map(c => c.getBoundingClientRect().width));
      return {scroll: box.scrollWidth, client: box.clientWidth, inBox: fr.left >= br.left - 1, text: first.innerText,
              narrowest, em: parseFloat(getComputedStyle(t).fontSize)};
    }""")
    assert found["scroll"] > found["client"] and found["inBox"], found
    assert found["narrowest"] >= 3 * found["em"], found
