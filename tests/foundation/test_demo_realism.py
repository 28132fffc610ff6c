"""The demo looks like a real government's data (issue 13 item 8): every title once, bodies that differ
from item to item and from agency to agency, items filed under the 信息类型 and catalogue node their title
belongs to, open cases in the hands of 公开专员, and the 2020 annual report published on time."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.db.models import Count

from gongkai.agencies.models import Membership, Role
from gongkai.applications.models import OPEN_STATES, Application
from gongkai.disclosures.models import DisclosureItem, DocType
from gongkai.reports import ontime
from gongkai.reports.models import AnnualReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, demo_data):
    return demo_data


def test_no_two_items_share_a_title(demo):
    twice = list(DisclosureItem.objects.values("title").annotate(n=Count("id")).filter(n__gt=1)
                 .values_list("title", "n")[:5])
    assert twice == []
    assert DisclosureItem.objects.count() == 1899  # the counts the other tests rely on are kept


def test_bodies_vary_within_and_across_agencies(demo):
    items = list(DisclosureItem.objects.values_list("agency__slug", "body"))
    bodies = Counter(body for _, body in items)
    assert len(bodies) >= 0.9 * len(items), f"{len(bodies)} different bodies for {len(items)} items"
    assert bodies.most_common(1)[0][1] <= 3
    by_agency = defaultdict(set)
    for slug, body in items:
        by_agency[slug].add(body)
    assert len(by_agency) == 6
    slugs = sorted(by_agency)
    for i, a in enumerate(slugs):
        for b in slugs[i + 1:]:
            assert not by_agency[a] & by_agency[b], f"{a} and {b} publish the same text"
    # each agency writes about its own field
    assert DisclosureItem.objects.filter(agency__slug="luzhou-sthjj", body__contains="排污").exists()
    assert DisclosureItem.objects.filter(agency__slug="jiangyang-jyj", body__contains="学校").exists()
    assert not DisclosureItem.objects.filter(agency__slug="jiangyang-jyj", title__contains="统计").exists()
    # the items the search tests look for are still there
    assert DisclosureItem.objects.filter(title__contains="第七次全国人口普查").count() >= 2
    assert DisclosureItem.objects.filter(body__contains="第七次全国人口普查").count() >= 2


# catalogue node → (信息类型, a word each title under it has, 主题分类 or None for the agency's own field)
FILING = [
    ("行政规范性文件", DocType.NORMATIVE, ("办法", "细则", "规定", "规则"), None),
    ("政策解读", DocType.INTERPRETATION, ("政策解读",), None),
    ("部门预算", DocType.ORDINARY, ("预算",), "03"),
    ("部门决算", DocType.ORDINARY, ("决算", "财务收支"), "03"),
    ("人事信息", DocType.ORDINARY, ("招聘",), "14"),
    ("规划计划", DocType.ORDINARY, ("计划", "要点"), None),
    ("月度数据", DocType.ORDINARY, ("月",), "21"),
    ("疫情防控", DocType.ORDINARY, ("疫情", "传染病", "公共卫生", "复工复产"), "12"),
    ("工作动态", DocType.ORDINARY, ("召开", "开展", "调研", "部署", "学习"), None),
]


@pytest.mark.parametrize("node, doc_type, words, topic", FILING, ids=[f[0] for f in FILING])
def test_items_are_filed_under_their_kind(demo, node, doc_type, words, topic):
    items = list(DisclosureItem.objects.filter(node__name=node).values_list("title", "doc_type", "topic"))
    assert items, node
    wrong = [(t, d, tp) for t, d, tp in items
             if d != doc_type or not any(w in t for w in words) or (topic and tp != topic)]
    assert wrong == []


def test_every_interpretation_and_only_those_is_filed_as_one(demo):
    for item in DisclosureItem.objects.filter(title__contains="政策解读").exclude(title__startswith="政策解读"):
        assert item.doc_type == DocType.INTERPRETATION and item.node.name == "政策解读", item.title
    assert not DisclosureItem.objects.filter(doc_type=DocType.INTERPRETATION).exclude(title__contains="解读").exists()


def test_open_cases_are_handled_by_officers(demo):
    open_cases = Application.objects.filter(state__in=OPEN_STATES).select_related("handler", "agency")
    assert open_cases.count() >= 30
    handled = [a for a in open_cases if a.handler_id]
    assert len(handled) >= 30
    for app in handled:
        roles = set(Membership.objects.filter(user=app.handler, agency=app.agency).values_list("role", flat=True))
        assert Role.OFFICER in roles, (app.agency.slug, app.handler.username, roles)
    assert not any(a.handler.username == "leader" for a in handled)
    # every case being worked on has its 承办人
    assert not open_cases.filter(state="handling", handler__isnull=True).exists()


def test_the_2020_report_was_published_in_january_2021_on_time(demo):
    report = AnnualReport.objects.get(agency__slug="luzhou-tjj", year=2020, is_rollup=False)
    first = report.first_published_at or report.published_at
    assert dt.date(2021, 1, 1) <= first.date() <= dt.date(2021, 1, 31)
    judged = ontime.timeliness(report, dt.date.today())
    assert judged.status == ontime.ON_TIME and "逾期" not in judged.label


def test_the_sentence_templates_stay_available_with_a_topic_blank():
    from gongkai.disclosures import demo as disclosures_demo

    filled = [b.format(topic="粮食产量") for b in disclosures_demo.BODIES]
    assert len(filled) >= 30 and any("粮食产量" in f for f in filled) and all("{" not in f for f in filled)
