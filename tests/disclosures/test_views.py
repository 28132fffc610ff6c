"""Staff and public pages: scoping, the workflow through HTTP, the portal, feeds, Excel in and out."""

import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.disclosures import actions
from gongkai.disclosures.models import ChannelTally, DisclosureItem, Status


def login(client, user):
    client.force_login(user)
    return client


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "ledger.xlsx"
    return buf


def test_workflow_through_http(client, staff):
    agency = staff["agency"]
    login(client, staff["officer"])
    r = client.post(f"/work/disclosures/new/?agency={agency.pk}", {
        "title": "2020年1-2月全市经济运行情况", "formed_on": "2020-03-02", "topic": "21", "art20_item": "A20_04",
        "doc_type": "ordinary", "body": "<p>规上工业增加值同比下降。</p>", "channels": ["website", "wechat"],
        "publisher": "", "submit": "1",
    })
    item = DisclosureItem.objects.get()
    assert r.status_code == 302 and item.status == Status.CONTENT_REVIEW
    assert item.channels == ["website", "wechat"] and item.publisher == agency.name
    login(client, staff["reviewer"])
    assert "2020年1-2月" in client.get("/work/disclosures/queue/").content.decode()
    client.post(f"/work/disclosures/{item.pk}/do/approve/", {"note": "同意"})
    r = client.post(f"/work/disclosures/{item.pk}/do/secrecy/", {})  # wrong role: refused, nothing changes
    item.refresh_from_db()
    assert item.status == Status.SECRECY_REVIEW
    login(client, staff["secrecy"])
    client.post(f"/work/disclosures/{item.pk}/do/secrecy/", {"note": "不涉密"})
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.publications.count() == 2
    page = client.get(item.get_absolute_url()).content.decode()
    assert item.index_no in page and "<svg" in page and "手机扫码阅读" in page and "成文日期" in page


def test_invalid_form_shows_chinese_errors_and_keeps_input(client, staff):
    login(client, staff["officer"])
    r = client.post(f"/work/disclosures/new/?agency={staff['agency'].pk}", {"title": "保留的标题", "formed_on": "昨天"})
    body = r.content.decode()
    assert r.status_code == 200 and "保留的标题" in body and "日期" in body
    assert not DisclosureItem.objects.exists()


def test_other_agency_cannot_see_item(client, staff, publish):
    item = publish()
    login(client, staff["outsider"])
    assert client.get(f"/work/disclosures/{item.pk}/").status_code == 404
    assert client.post(f"/work/disclosures/{item.pk}/do/withdraw/", {"reason": "x"}).status_code == 404
    assert item.title not in client.get("/work/disclosures/").content.decode()


def test_public_pages(client, staff, publish):
    agency = staff["agency"]
    node = actions.save_node(staff["officer"], agency, name="统计数据")
    sub = actions.save_node(staff["officer"], agency, name="统计公报", parent=node)
    item = publish({"node": sub, "body": "<p>全年粮食产量稳定。</p>"})
    draft = actions.create_item(staff["officer"], agency, {"title": "未公开的草稿", "formed_on": dt.date(2020, 1, 2)})
    home = client.get(f"/open/{agency.slug}/").content.decode()
    assert "统计数据" in home and item.title in home and draft.title not in home
    assert "/annual-reports/" in home and "/apply/" in home and "/mailbox/" in home
    listing = client.get(f"/open/{agency.slug}/catalogue/{node.pk}/").content.decode()  # subtree included
    assert item.title in listing
    assert item.title not in client.get(f"/open/{agency.slug}/items/?year=2019").content.decode()
    assert client.get(f"/open/{agency.slug}/items/{draft.pk}/").status_code == 404
    rss = client.get(f"/open/{agency.slug}/catalogue/{node.pk}/rss.xml")
    titles = [e.text for e in ET.fromstring(rss.content).iter("title")]
    assert item.title in titles
    atom = client.get(f"/open/{agency.slug}/atom.xml")
    assert atom["Content-Type"].startswith("application/atom+xml") and item.title in atom.content.decode()
    assert "正在编制" in client.get(f"/open/{agency.slug}/guide/").content.decode()


def test_guide_edit_and_public(client, staff):
    agency = staff["agency"]
    login(client, staff["officer"])
    data = {"office": "测试市统计局办公室", "address": "测试路1号", "office_hours": "工作日", "phone": "0830-1234567",
            "proactive_scope": "统计信息", "proactive_channels": "政府网站", "application_channels": "当面、邮寄、在线",
            "application_process": "20个工作日内答复", "fees": "不收费", "remedies": "行政复议或行政诉讼"}
    r = client.post(f"/work/disclosures/catalogue/{agency.pk}/guide/", {**data, "fees": ""})
    assert "收费标准" in r.content.decode()
    client.post(f"/work/disclosures/catalogue/{agency.pk}/guide/", data)
    page = client.get(f"/open/{agency.slug}/guide/").content.decode()
    assert "测试路1号" in page and "监督和救济" in page


def test_search_page_highlights(client, staff, publish):
    publish({"title": "统计公报", "body": "<p>城镇居民人均可支配收入增长。</p>"})
    page = client.get("/open/search/", {"q": "收入"}).content.decode()
    assert "找到 1 条结果" in page and "<mark>收入</mark>" in page
    assert "找到 0 条结果" in client.get("/open/search/", {"q": "农村"}).content.decode()


def test_excel_export_then_import(client, staff, publish):
    publish({"title": "已公开的一条", "doc_no": "测统〔2020〕1号"}, published_on=dt.date(2020, 4, 1))
    login(client, staff["reviewer"])
    r = client.get("/work/disclosures/?format=xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.values)
    assert rows[0][:3] == ("索引号", "标题", "文号") and rows[1][1] == "已公开的一条" and rows[1][2] == "测统〔2020〕1号"
    # a file with one bad row imports nothing and says what is wrong where
    bad = xlsx([["标题", "成文日期", "发布日期", "公开渠道"], ["甲", "2020-01-02", "2020-01-10", "政府网站、政务微博"],
                ["乙", "2020-13-40", "", "飞鸽传书"]])
    r = client.post("/work/disclosures/import/", {"agency": staff["agency"].pk, "file": bad})
    body = r.content.decode()
    assert "第3行「成文日期」" in body and "第3行「公开渠道」" in body and DisclosureItem.objects.count() == 1
    good = xlsx([["标题", "成文日期", "发布日期", "公开渠道"], ["甲", "2020-01-02", "2020-03-10", "政府网站、政务微博"],
                 ["乙", "2020-02-03", "", ""]])
    r = client.post("/work/disclosures/import/", {"agency": staff["agency"].pk, "file": good})
    assert r.status_code == 302
    a = DisclosureItem.objects.get(title="甲")
    assert a.status == Status.PUBLISHED and a.late and sorted(a.publications.values_list("channel", flat=True)) == ["website", "weibo"]
    assert DisclosureItem.objects.get(title="乙").status == Status.DRAFT


def test_officer_cannot_import_published_history(client, staff):
    login(client, staff["officer"])
    f = xlsx([["标题", "成文日期", "发布日期"], ["甲", "2020-01-02", "2020-01-10"]])
    body = client.post("/work/disclosures/import/", {"agency": staff["agency"].pk, "file": f}).content.decode()
    assert "须由审核人或分管领导导入" in body and not DisclosureItem.objects.exists()


def test_tally_import(client, staff):
    agency = staff["agency"]
    login(client, staff["officer"])
    f = xlsx([["月份", "渠道", "条数", "说明"], ["2020-01", "政务微信", 5, ""], ["2020年2月", "政务微博", 11, "微博"]])
    assert client.post(f"/work/disclosures/catalogue/{agency.pk}/tallies/", {"file": f}).status_code == 302
    assert sorted(ChannelTally.objects.values_list("channel", "count")) == [("wechat", 5), ("weibo", 11)]
    f = xlsx([["月份", "渠道", "条数"], ["2020-03", "政务微信", -1]])
    body = client.post(f"/work/disclosures/catalogue/{agency.pk}/tallies/", {"file": f}).content.decode()
    assert "第2行「条数」" in body and ChannelTally.objects.count() == 2


@pytest.mark.parametrize("url", ["/work/disclosures/", "/work/disclosures/queue/", "/work/disclosures/late/",
                                 "/work/disclosures/catalogue/", "/work/disclosures/import/", "/work/"])
def test_staff_pages_render(client, staff, publish, url):
    publish()
    login(client, staff["reviewer"])
    assert client.get(url, follow=True).status_code == 200


def test_late_list_and_panel(client, staff, publish, calendar):
    formed = dt.date(2020, 3, 2)
    item = publish({"formed_on": formed, "title": "迟到的公报"}, published_on=calendar.add_workdays(formed, 25))
    login(client, staff["reviewer"])
    assert "迟到的公报" in client.get("/work/disclosures/late/").content.decode()
    assert item.late
