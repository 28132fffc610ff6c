"""The read endpoints: catalogue filters and pagination, search through the portal's search function,
statistics equal to the 数据开放 figures, published annual reports only, the working-day calculator, and
JSON errors (never HTML) under /api/."""

import datetime as dt

import pytest

from gongkai.disclosures.models import DisclosureItem, DocType
from gongkai.reports.models import AnnualReport, State

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.content[:500])
    assert r["Content-Type"].startswith("application/json")
    return r.json()


def test_agencies(client, world):
    rows = get(client, "/api/v1/agencies")
    by_slug = {a["slug"]: a for a in rows}
    assert by_slug["t-stats"] == {"slug": "t-stats", "name": "测试市统计局", "short_name": "", "parent": "t-city",
                                  "level": "city", "kind": "department"}


def test_catalogue_filters_and_pagination(client, world, publish):
    a = publish(title="二〇二〇年统计公报", published_on=dt.date(2020, 5, 6))
    b = publish(title="二〇二一年规范性文件", doc_type=DocType.NORMATIVE, published_on=dt.date(2021, 2, 3))
    c = publish(title="二〇二一年工作动态", published_on=dt.date(2021, 7, 8))
    DisclosureItem.objects.create(agency=world["dept"], title="草稿不公开", publisher="x", formed_on=dt.date(2021, 1, 1))
    page = get(client, "/api/v1/catalogue/items?agency=t-stats")
    assert page["total"] == 3 and [i["id"] for i in page["items"]] == [c.pk, b.pk, a.pk]
    first = page["items"][2]
    assert first["index_no"] == a.index_no and a.index_no and first["formed_on"] == "2020-03-02"
    assert first["published_on"] == "2020-05-06" and first["agency"] == {"slug": "t-stats", "name": "测试市统计局"}
    assert first["url"] == a.get_absolute_url() and first["art20_item"] == "A20_04"
    assert [i["id"] for i in get(client, "/api/v1/catalogue/items?year=2021")["items"]] == [c.pk, b.pk]
    normative = get(client, "/api/v1/catalogue/items?doc_type=normative")
    assert [i["id"] for i in normative["items"]] == [b.pk] and normative["items"][0]["validity"] == "valid"
    assert get(client, "/api/v1/catalogue/items?agency=t-env")["total"] == 0
    two = get(client, "/api/v1/catalogue/items?page=2&page_size=2")
    assert two["total"] == 3 and [i["id"] for i in two["items"]] == [a.pk] and two["page_size"] == 2
    assert get(client, "/api/v1/catalogue/items?page=9999")["items"] == []
    detail = get(client, f"/api/v1/catalogue/items/{b.pk}")
    assert detail["body"].startswith("<p>") and detail["version"] == 1 and detail["doc_type_label"] == "行政规范性文件"


@pytest.mark.parametrize("query, field", [
    ("page=0", "page"), ("page=-1", "page"), ("page=abc", "page"), ("page=10001", "page"),
    ("page_size=0", "page_size"), ("page_size=101", "page_size"), ("year=1999", "year"), ("year=20x0", "year"),
    ("doc_type=memo", "doc_type"), ("agency=%3Cscript%3E", "agency"),
])
def test_bad_parameters_are_400_in_chinese(client, world, query, field):
    body = get(client, f"/api/v1/catalogue/items?{query}", 400)
    assert body["error"]["code"] == "bad_request" and f"“{field}”" in body["error"]["message"]
    assert body["error"]["details"][0]["field"] == field


def test_not_found_and_other_errors_are_json(client, world, publish):
    assert "没有网址标识" in get(client, "/api/v1/catalogue/items?agency=nobody", 404)["error"]["message"]
    assert get(client, "/api/v1/no/such/endpoint", 404)["error"]["code"] == "not_found"
    assert get(client, "/api/v2/catalogue/items", 404)["error"]["code"] == "not_found"
    assert get(client, "/api/v1/catalogue/items/0", 404)["error"]["code"] == "not_found"
    draft = DisclosureItem.objects.create(agency=world["dept"], title="草稿", publisher="x", formed_on=dt.date(2021, 1, 1))
    assert get(client, f"/api/v1/catalogue/items/{draft.pk}", 404)["error"]["code"] == "not_found"
    r = client.delete("/api/v1/catalogue/items")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"
    r = client.get("/api/v1/catalogue/items/99999999999999999999999")
    assert r.status_code in (400, 404) and r["Content-Type"].startswith("application/json")


def test_search_uses_the_portal_search(client, world, publish):
    hit = publish(title="关于开展第五次经济普查的公告", published_on=dt.date(2021, 4, 1))
    publish(title="统计执法检查通知", published_on=dt.date(2021, 4, 2))
    body = get(client, "/api/v1/search?q=经济普查")
    assert body["total"] == 1 and [i["id"] for i in body["items"]] == [hit.pk] and "经济普查" in body["terms"]
    newest = publish(title="第五次经济普查数据发布", published_on=dt.date(2021, 5, 1))
    by_date = get(client, "/api/v1/search?q=经济普查&order=new")
    assert [i["id"] for i in by_date["items"]] == [newest.pk, hit.pk]
    assert [i["id"] for i in get(client, "/api/v1/search?q=经济普查&order=old")["items"]] == [hit.pk, newest.pk]
    assert get(client, "/api/v1/search?q=经济普查&order=sideways", 400)["error"]["message"]
    both = get(client, "/api/v1/search?q=统计&agency=t-stats&year=2021")  # ranking is the search's business
    assert both["total"] >= 1 and {i["agency"]["slug"] for i in both["items"]} == {"t-stats"}
    assert get(client, "/api/v1/search?q=经济普查&agency=t-env")["total"] == 0
    assert get(client, "/api/v1/search?q=")["total"] == 0
    assert get(client, "/api/v1/search", 400)["error"]["details"][0]["field"] == "q"


def test_statistics_are_the_public_figures(client, demo_data):
    from gongkai.agencies.models import Agency
    from gongkai.stats.public import figures_by_agency

    body = get(client, "/api/v1/statistics?year=2020&agency=luzhou-tjj")
    expected = figures_by_agency([Agency.objects.get(slug="luzhou-tjj")], 2020)[0]
    assert body["rows"] == [expected]
    assert body["rows"][0]["received"] > 0  # the 2020 ledger of the bureau's published report
    assert body["columns"][0] == {"key": "agency", "label": "机关"}
    everyone = get(client, "/api/v1/statistics?year=2020")
    assert len(everyone["rows"]) == Agency.objects.count()
    assert get(client, "/api/v1/statistics", 400)["error"]["details"][0]["field"] == "year"


def test_only_published_reports_in_the_interchange(client, demo_data):
    import json

    from gongkai.reports.published import stored_file

    listing = get(client, "/api/v1/annual-reports")
    published = AnnualReport.objects.filter(state=State.PUBLISHED)
    assert listing["total"] == published.count() >= 1
    report = published.get(agency__slug="luzhou-tjj", year=2020)
    data = get(client, f"/api/v1/annual-reports/{report.pk}")
    published_file = json.loads(stored_file(report, "json"))
    assert {k: v for k, v in data.items() if v is not None} == published_file
    assert data["format"] in ("2019", "2021") and data["year"] == 2020 and len(data["table4"]) == 15
    assert any(label.endswith("总计") for label in data["table3"])
    assert get(client, "/api/v1/annual-reports?agency=luzhou-tjj&year=2020")["items"][0]["json_url"] == \
        f"/api/v1/annual-reports/{report.pk}"
    unpublished = AnnualReport.objects.exclude(state=State.PUBLISHED).first()
    if unpublished is None:
        unpublished = AnnualReport.objects.create(agency=report.agency, year=2025, format="2021")
    assert get(client, f"/api/v1/annual-reports/{unpublished.pk}", 404)["error"]["code"] == "not_found"
    assert unpublished.pk not in [r["id"] for r in get(client, "/api/v1/annual-reports?page_size=100")["items"]]


@pytest.mark.parametrize("start, days, due, holidays, provisional", [
    ("2026-12-15", 20, "2027-01-13", ["2027-01-01"], True),
    ("2026-03-02", 0, "2026-03-02", [], False),
])
def test_workdays(client, calendar, start, days, due, holidays, provisional):
    body = get(client, f"/api/v1/workdays?start={start}&days={days}")
    assert body["due"] == due and body["provisional"] is provisional
    assert [h["date"] for h in body["holidays"]] == holidays


def test_workdays_explain_what_the_calendar_skipped(client, calendar):
    from gongkai.rules.workday_span import explain_add_workdays

    span = explain_add_workdays(calendar, dt.date(2026, 9, 28), 8)  # through 国庆节 and its 调休
    body = get(client, "/api/v1/workdays?start=2026-09-28&days=8")
    assert body["due"] == span.due.isoformat() and body["weekend_days"] == span.weekend_days
    assert [(h["date"], h["name"]) for h in body["holidays"]] == [(d.isoformat(), n) for d, n in span.holidays]
    assert len(body["holidays"]) >= 3 and any(h["name"] == "国庆节" for h in body["holidays"])
    assert [m["date"] for m in body["makeup_workdays"]] == [d.isoformat() for d, _ in span.makeup_workdays]


@pytest.mark.parametrize("query", ["start=2026-02-30&days=20", "start=2026-12-15&days=251", "start=1990-01-01&days=1",
                                   "days=20", "start=2026-12-15&days=-1"])
def test_workdays_bad_input(client, calendar, query):
    assert get(client, f"/api/v1/workdays?{query}", 400)["error"]["message"]


def test_reads_are_rate_limited_per_address(client, world, settings):
    settings.GONGKAI_API_READ_LIMIT = 3
    assert [client.get("/api/v1/agencies").status_code for _ in range(3)] == [200, 200, 200]
    r = client.get("/api/v1/workdays?start=2026-12-15&days=20")
    assert r.status_code == 429 and int(r["Retry-After"]) >= 1 and "频繁" in r.json()["error"]["message"]
    assert client.get("/api/v1/agencies", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_openapi_schema_and_docs_page(client, world):
    spec = get(client, "/api/v1/openapi.json")
    assert spec["openapi"].startswith("3.")
    paths = set(spec["paths"])
    assert {"/api/v1/catalogue/items", "/api/v1/search", "/api/v1/statistics", "/api/v1/annual-reports/{report_id}",
            "/api/v1/workdays", "/api/v1/applications", "/api/v1/disclosures/drafts"} <= paths
    assert spec["paths"]["/api/v1/applications"]["post"]["security"]
    assert "security" not in spec["paths"]["/api/v1/catalogue/items"]["get"]
    r = client.get("/api/v1/docs/")
    html = r.content.decode()
    assert r.status_code == 200 and 'src="http' not in html and "swagger" not in html.lower()
    assert "POST /api/v1/applications" in html and "Authorization: Bearer" in html and "http://testserver/api/v1/" in html
    assert "cdn" not in html.lower()
