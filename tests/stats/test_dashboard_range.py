"""The 统计看板 for a date range (from / to) as well as a year: every figure equals its record list, bad input
is a Chinese message (never a 500); the sections below the first screen load by their own requests; the
normative documents whose validity lapses in the next 90 days are listed with their drill-down."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications.reporting import table3_counts
from gongkai.common.period import Period, parse_month, parse_range
from gongkai.stats.views import lazy_sections

from .ledger import application

DASH = "stats:dashboard"
LINK = re.compile(r'<a href="(/work/stats/records/\?[^"]+)"[^>]*>([^<]+)</a>')
RANGE = {"from": "2019-07-01", "to": "2020-06-30"}


def _login(client, username="supervisor"):
    client.force_login(User.objects.get(username=username))


def _count(client, url: str) -> str:
    page = client.get(url.replace("&amp;", "&")).content.decode()
    return re.search(r'data-count="(\d+)"', page).group(1)


@pytest.mark.django_db
def test_range_every_linked_figure_equals_its_record_count(client, demo):
    _login(client)
    html = client.get(reverse(DASH), {**RANGE, "full": "1"}).content.decode()
    assert "2019年7月1日至2020年6月30日" in html
    links = LINK.findall(html)
    assert all("from=2019-07-01&amp;to=2020-06-30" in u for u, _ in links)
    nonzero = [(u, v) for u, v in links if v != "0"]
    assert len(links) > 100 and len(nonzero) >= 10
    # the months table runs over the range's twelve months, across the year end
    assert "2019年7月" in html and "2020年6月" in html and "2020年7月" not in html
    assert any("month=2019-12" in u for u, _ in nonzero) or any("month=2020-0" in u for u, _ in nonzero)
    for url, value in nonzero:
        assert _count(client, url) == value, url


@pytest.mark.django_db
def test_range_follows_the_table3_rules_with_its_own_first_and_last_day(client, agency_tree, make_user):
    agency = agency_tree["other"]
    application(agency, dt.date(2021, 2, 20), dt.date(2021, 3, 5), "r1")  # before the range, closed in it
    application(agency, dt.date(2021, 3, 10), dt.date(2021, 3, 20), "r2")  # inside
    application(agency, dt.date(2021, 3, 25), dt.date(2021, 4, 20), "r1")  # received inside, closed after
    application(agency, dt.date(2021, 4, 2), None)  # after the range
    period = Period(dt.date(2021, 3, 1), dt.date(2021, 3, 31))
    c = {row: sum(v.values()) for row, v in table3_counts([agency.pk], period).items()}
    assert (c["new"], c["carried_in"], c["r1"], c["r2"], c["carried_out"]) == (2, 1, 1, 1, 1)
    assert c["new"] + c["carried_in"] == c["r1"] + c["r2"] + c["carried_out"]
    make_user(agency, "supervisor", username="qj_sup")
    _login(client, "qj_sup")
    html = client.get(reverse(DASH), {"from": "2021-03-01", "to": "2021-03-31", "full": "1"}).content.decode()
    link = next(u for u, _ in LINK.findall(html) if "metric=app_new&" in u.replace("&amp;", "&"))
    assert _count(client, link) == "2"


@pytest.mark.parametrize("params, message", [
    ({"from": "2021-13-01", "to": "2021-12-31"}, "起始日期不是有效的日期"),
    ({"from": "2021-01-01", "to": "明天"}, "截止日期不是有效的日期"),
    ({"from": "2021-01-01"}, "截止日期不是有效的日期"),
    ({"from": "2021-06-30", "to": "2021-01-01"}, "起始日期晚于截止日期"),
    ({"from": "1990-01-01", "to": "1990-12-31"}, "日期范围须在"),
    ({"from": "2010-01-01", "to": "2020-12-31"}, "日期范围最长五年"),
    ({"from": "２０２１-01-01", "to": "2021-02-01"}, "起始日期不是有效的日期"),
])
@pytest.mark.django_db
def test_bad_range_is_a_chinese_message_never_500(client, demo, params, message):
    _login(client)
    resp = client.get(reverse(DASH), params)
    assert resp.status_code == 200
    text = resp.content.decode()
    assert message in text and "已改为显示整年的统计" in text
    for name in ("stats:records", "stats:export"):
        assert client.get(reverse(name), {**params, "metric": "app_new"}).status_code == 200, name
    for section in lazy_sections():
        assert client.get(reverse("stats:section", args=[section]), params).status_code == 200


@pytest.mark.django_db
def test_a_month_at_the_end_of_the_calendar_is_ignored_never_500(client, demo):
    """?month=9999-12 made Period.of_month build 10000-01-01 (ValueError, a 500 on the records page)."""
    _login(client)
    for month in ("9999-12", "9999-11", "0001-01"):
        resp = client.get(reverse("stats:records"), {"metric": "app_new", "month": month})
        assert resp.status_code == 200, month


def test_period_parsing_table():
    today_max = dt.date(2027, 12, 31)
    assert parse_range("2021-03-01", "2021-03-31", 2008, today_max) == (
        Period(dt.date(2021, 3, 1), dt.date(2021, 3, 31)), "")
    assert parse_range("2021-03-31", "2021-03-01", 2008, today_max)[0] is None
    whole = Period.of_year(2021)
    assert whole.year == 2021 and whole.label == "2021年" and whole.query() == "year=2021"
    part = Period(dt.date(2020, 11, 15), dt.date(2021, 2, 3))
    assert part.year is None and part.months() == [(2020, 11), (2020, 12), (2021, 1), (2021, 2)]
    assert part.query() == "from=2020-11-15&to=2021-02-03"
    for raw, expected in (("2020-11", Period(dt.date(2020, 11, 15), dt.date(2020, 11, 30))),
                          ("2021-02", Period(dt.date(2021, 2, 1), dt.date(2021, 2, 3))),
                          ("2021-03", None), ("3", None), ("x", None), ("2021-13", None), ("", None),
                          ("２０２１-01", None), ("9999-12", None), ("0-1", None)):
        assert parse_month(raw, part) == expected, raw
    assert parse_month("2", whole) == Period.of_month(2021, 2)
    assert Period.of_month(2024, 2).last == dt.date(2024, 2, 29)
    assert Period.of_month(2021, 12).last == dt.date(2021, 12, 31)


@pytest.mark.django_db
def test_first_screen_then_sections_by_their_own_requests(client, demo):
    _login(client)
    city = Agency.objects.get(slug="luzhou")
    first = client.get(reverse(DASH), {"year": 2020}).content.decode()
    full = client.get(reverse(DASH), {"year": 2020, "full": "1"}).content.decode()
    assert 'id="table-overdue"' in first and 'id="table-reports"' in first
    assert 'id="table-applications"' not in first and 'id="table-disclosures"' not in first
    tables = set(re.findall(r'id="table-(\w+)"', first))
    for name in lazy_sections():
        url = f"/work/stats/section/{name}/?agency={city.pk}&amp;year=2020"
        assert f'data-section="{url}"' in first
        part = client.get(url.replace("&amp;", "&"))
        assert part.status_code == 200
        tables |= set(re.findall(r'id="table-(\w+)"', part.content.decode()))
    assert tables == set(re.findall(r'id="table-(\w+)"', full))
    assert {"disclosures", "item_months", "expiring", "mailbox", "reports", "app_months", "overdue"} <= tables
    assert client.get("/work/stats/section/nope/").status_code == 404


def _normative(agency, title, valid_until, **extra):
    from gongkai.disclosures.models import DisclosureItem

    fields = {"agency": agency, "title": title, "doc_type": "normative", "formed_on": dt.date(2020, 1, 2),
              "published_on": dt.date(2020, 1, 10), "status": "published", "validity": "valid",
              "valid_until": valid_until, **extra}
    return DisclosureItem.objects.create(**fields)


@pytest.mark.django_db
def test_documents_lapsing_within_90_days_are_listed_with_their_drilldown(client, demo):
    from gongkai.disclosures.reporting import expiring_drilldown

    _login(client)
    today = timezone.localdate()
    tjj = Agency.objects.get(slug="luzhou-tjj")
    soon = _normative(tjj, "有效期将满的规范性文件", today + dt.timedelta(days=30))
    _normative(tjj, "今天届满的文件", today)
    _normative(tjj, "第90天届满的文件", today + dt.timedelta(days=90))
    _normative(tjj, "第91天届满的文件", today + dt.timedelta(days=91))
    _normative(tjj, "已届满的文件", today - dt.timedelta(days=1))
    _normative(tjj, "已废止的文件", today + dt.timedelta(days=10), validity="repealed",
               validity_changed_on=today - dt.timedelta(days=5))
    _normative(tjj, "已撤回的文件", today + dt.timedelta(days=10), status="withdrawn")
    titles = list(expiring_drilldown([tjj.pk], today).values_list("title", flat=True))
    assert titles == ["今天届满的文件", "有效期将满的规范性文件", "第90天届满的文件"]
    html = client.get(f"/work/stats/section/disclosures/?agency={tjj.pk}&from=2019-01-01&to=2019-03-31")
    html = html.content.decode()
    table = re.search(r'<table class="stats-table" id="table-expiring">(.*?)</table>', html, re.S).group(1)
    assert "有效期将满的规范性文件" in table and f"/work/disclosures/{soon.pk}/" in table
    assert "第91天" not in table and "已废止" not in table and "已撤回" not in table
    link = next(u for u, _ in LINK.findall(html) if "metric=items_expiring" in u)
    assert _count(client, link) == "3"


@pytest.mark.django_db
def test_valid_until_on_the_form_and_checked_by_the_action(agency_tree, make_user):
    from gongkai.disclosures import actions
    from gongkai.disclosures.forms import ItemForm

    agency = agency_tree["dept"]
    officer = make_user(agency, "officer", username="yxq_officer")
    assert "valid_until" in ItemForm(agency=agency).fields
    data = {"title": "关于某事项的规定", "formed_on": dt.date(2026, 1, 5), "doc_type": "normative",
            "effective_on": dt.date(2026, 2, 1)}
    with pytest.raises(ValidationError, match="有效期至（2026-01-31）早于施行日期"):
        actions.create_item(officer, agency, {**data, "valid_until": dt.date(2026, 1, 31)})
    item = actions.create_item(officer, agency, {**data, "valid_until": dt.date(2031, 1, 31)})
    assert item.valid_until == dt.date(2031, 1, 31)
    other = actions.create_item(officer, agency, {**data, "doc_type": "ordinary", "valid_until": dt.date(2031, 1, 31)})
    assert other.valid_until is None  # only regulations and normative documents have a term of validity


@pytest.mark.django_db
def test_each_section_builds_the_tables_its_registry_entry_names(demo):
    """One registry (stats.views.SECTIONS) serves the page, ?full=1, `section` and the XLSX export: every
    section builds exactly the tables its parts name, and an export builds only the part holding its table."""
    from gongkai.stats.scope import Selection
    from gongkai.stats.views import SECTIONS, table_part

    city = Agency.objects.get(slug="luzhou")
    agencies = list(Agency.objects.filter(path__startswith=city.path).order_by("path"))
    sel = Selection(city, agencies, agencies, Period.of_year(2020))
    today = timezone.localdate()
    keys = []
    for name, section in SECTIONS.items():
        built = section.build(sel, today)
        assert [t.key for t in built["tables"]] == [k for p in section.parts for k in p.tables], name
        keys += [t.key for t in built["tables"]]
        assert ("reply" in built) == (name == "replies") and ("mail_figures" in built) == (name == "mailbox")
    assert len(keys) == len(set(keys))
    assert {k: [t.key for t in table_part(k).build(sel, today)["tables"]] for k in ("expiring", "app_months")} == {
        "expiring": ["expiring"], "app_months": ["app_months"]}
    assert table_part("nope") is None
    assert [n for n, s in SECTIONS.items() if not s.lazy] == ["overdue", "reports"]


@pytest.mark.django_db
def test_channel_counts_by_month_add_up_to_the_year_figures(demo):
    """The dashboard's months table and the annual report's channel figures count the same publications and
    tallies (disclosures.reporting): the months of a year sum to the year, for every channel key."""
    from gongkai.disclosures.reporting import CHANNEL_KEYS, channel_counts, channel_counts_by_month

    ids = list(Agency.objects.values_list("id", flat=True))
    for year in (2019, 2020):
        months = channel_counts_by_month(ids, year)
        year_figures = channel_counts(ids, year)
        assert set(months) == set(CHANNEL_KEYS)
        assert {k: sum(m.values()) for k, m in months.items()} == year_figures
        assert all(y == year for k in months for y, _ in months[k])
    assert sum(channel_counts(ids, 2020).values()) > 0
