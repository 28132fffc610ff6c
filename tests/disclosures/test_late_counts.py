"""The workbench's "N年超期公开" equals the records its list shows, page after page. The list's pager used
to drop the year, so from page 2 on it listed every year's late items: walking the list gave more records
than the count that linked to it."""

import datetime as dt
import re

from gongkai.disclosures import views_staff


def _walk(client, url: str) -> list[str]:
    titles = []
    for _ in range(20):
        html = client.get(url).content.decode()
        titles += re.findall(r'<tr class="row-overdue"><td><a href="[^"]+">([^<]+)</a>', html)
        nxt = re.search(r'<a href="([^"]+)" rel="next">下一页</a>', html)
        if not nxt:
            return titles
        url = "/work/disclosures/late/" + nxt.group(1).replace("&amp;", "&")
    raise AssertionError("the pager never ends")


def test_panel_count_equals_its_list_across_pages(client, staff, publish, monkeypatch):
    today = dt.date.today()
    formed = dt.date(2020, 3, 2)  # every item below is published long after it was formed: late
    for i in range(3):
        publish({"formed_on": formed, "title": f"今年超期{i}"}, published_on=today)
    publish({"formed_on": formed, "title": "去年超期"}, published_on=dt.date(today.year - 1, 6, 1))
    monkeypatch.setattr(views_staff, "PAGE", 2)
    client.force_login(staff["reviewer"])
    home = client.get("/work/").content.decode()
    m = re.search(r'年超期公开</p><p class="figure"><a href="([^"]+)">(\d+)</a>', home)
    assert m, home
    shown = _walk(client, m.group(1).replace("&amp;", "&"))
    assert int(m.group(2)) == 3 == len(shown)
    assert "去年超期" not in shown
    first = client.get(m.group(1)).content.decode()
    assert f"{today.year}年共 3 条" in first and "第 1 / 2 页" in first


def test_returned_drafts_count_equals_the_queue(client, staff, agency_tree):
    from gongkai.disclosures import actions

    item = actions.create_item(staff["officer"], staff["agency"], {
        "title": "被退回的稿件", "formed_on": dt.date(2026, 3, 2), "body": "<p>正文</p>", "art20_item": "A20_04"})
    actions.submit_item(staff["officer"], item)
    actions.return_to_draft(staff["reviewer"], item, "请补充依据")
    for user in (staff["officer"], staff["reviewer"]):
        client.force_login(user)
        home = client.get("/work/").content.decode()
        m = re.search(r'被退回的草稿</p><p class="figure"><a href="([^"]+)">(\d+)</a>', home)
        queue = client.get(m.group(1)).content.decode()
        assert int(m.group(2)) == queue.count("被退回的稿件"), user
