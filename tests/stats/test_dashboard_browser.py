"""In the browser: the demo supervisor opens the 统计看板, clicks a bar of a chart and lands on the list of
records it counts; the list's count equals the bar's value."""

import pytest

from gongkai.agencies.demo import DEMO_PASSWORD

# the first bar with a value and a link in a chart, and the centre of its rectangle in the page viewport
FIND_BAR = """(key) => {
  const box = document.getElementById('chart-box-' + key);
  box.scrollIntoView({block: 'center'});
  const chart = box.gongkaiChart;
  const option = chart.getOption();
  const series = option.series[0];
  const i = series.data.findIndex(d => d.value > 0 && d.url);
  const layout = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(i);
  const rect = box.getBoundingClientRect();
  const axis = (option.yAxis[0].type === 'category' ? option.yAxis[0] : option.xAxis[0]).data;
  return {x: rect.left + layout.x + layout.width / 2, y: rect.top + layout.y + layout.height / 2,
          value: series.data[i].value, url: series.data[i].url, category: axis[i]};
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_supervisor_clicks_a_bar_and_gets_its_records(page, login, demo_data):
    login("supervisor", DEMO_PASSWORD)
    page.goto("/work/stats/?year=2020")
    # the applications section loads after the first screen (its own request), then its charts are drawn
    page.wait_for_function("() => !!(document.getElementById('chart-box-applications') || {}).gongkaiChart")
    bar = page.evaluate(FIND_BAR, "applications")
    assert bar["value"] > 0 and "metric=app_new" in bar["url"]
    page.mouse.click(bar["x"], bar["y"])
    page.wait_for_url("**/work/stats/records/**")
    count = page.locator("[data-count]").get_attribute("data-count")
    assert int(count) == bar["value"]
    assert bar["category"] in page.get_by_role("heading", level=1).inner_text()
    listed = page.locator("ol.records > li").count()
    assert listed == min(bar["value"], 500)
    print(f"\nbar {bar['category']} = {bar['value']} → {page.url} shows 共 {count} 条, {listed} listed")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dashboard_for_a_range_loads_every_section_and_passes_axe(page, login, demo_data):
    from axe_playwright_python.sync_playwright import Axe

    login("supervisor", DEMO_PASSWORD)
    page.goto("/work/stats/")
    page.get_by_label("起始日期").fill("2019-07-01")
    page.get_by_label("截止日期").fill("2020-06-30")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url("**from=2019-07-01**")
    assert "2019年7月1日至2020年6月30日" in page.get_by_role("heading", level=1).inner_text()
    page.wait_for_function("() => document.querySelectorAll('[data-section][aria-busy]').length === 0")
    for key in ("applications", "app_months", "disclosures", "expiring", "mailbox", "reports", "overdue"):
        assert page.locator(f"#table-{key}").count() == 1, key
    assert "载入失败" not in page.locator("main").inner_text()
    results = Axe().run(page, options={"resultTypes": ["violations"]}).response
    blocking = [(v["id"], len(v["nodes"])) for v in results["violations"] if v["impact"] in ("critical", "serious")]
    assert not blocking, blocking
