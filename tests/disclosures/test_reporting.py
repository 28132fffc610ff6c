"""The reporting contract of the 主动公开 ledger (what the annual report aggregates)."""

import datetime as dt

import pytest

from gongkai.disclosures import reporting
from gongkai.disclosures.models import (
    Channel,
    ChannelTally,
    DisclosureItem,
    DocType,
    ItemChannel,
    Status,
    Validity,
)

D = dt.date
MAY10 = D(2020, 5, 10)


def make(agency, title="信息", *, published=MAY10, formed=None, status=Status.PUBLISHED, channels=(), **kw):
    item = DisclosureItem.objects.create(
        agency=agency, title=title, publisher=agency.name, formed_on=formed or published or D(2020, 5, 1),
        published_on=published, status=status, **kw,
    )
    for ch in channels:
        ItemChannel.objects.create(item=item, channel=ch, published_on=published)
    return item


@pytest.fixture
def ledger(agency_tree):
    dept, other = agency_tree["dept"], agency_tree["other"]
    for _ in range(3):
        make(dept, channels=[Channel.WEBSITE])
    make(dept, channels=[Channel.WEBSITE, Channel.WECHAT])
    make(dept, channels=[Channel.WEIBO])
    make(dept, channels=[Channel.PRESS], published=D(2020, 12, 31))
    make(dept, channels=[Channel.WEBSITE], published=D(2019, 12, 31))  # other year
    make(dept, channels=[Channel.WEBSITE], status=Status.WITHDRAWN)  # withdrawn: never counted
    make(dept, channels=[Channel.SERVICE_HALL], status=Status.EXPIRED)  # expired: still counted
    make(other, channels=[Channel.WEBSITE])  # other agency
    ChannelTally.objects.create(agency=dept, channel=Channel.WECHAT, month=D(2020, 3, 1), count=10)
    ChannelTally.objects.create(agency=dept, channel=Channel.OTHER_NEW_MEDIA, month=D(2020, 4, 1), count=2)
    ChannelTally.objects.create(agency=dept, channel=Channel.WECHAT, month=D(2021, 1, 1), count=99)
    return agency_tree


def test_channel_counts(ledger):
    dept = ledger["dept"]
    got = reporting.channel_counts([dept.id], 2020)
    assert got == {
        "website": 4, "wechat": 11, "weibo": 1, "other_new_media": 2, "new_media": 14,
        "traditional": 2, "total": 20,
    }
    assert got["total"] == got["website"] + got["new_media"] + got["traditional"]
    assert reporting.channel_drilldown([dept.id], 2020, "website").count() == 4
    assert reporting.channel_tally_drilldown([dept.id], 2020, "wechat").count() == 1
    both = reporting.channel_counts([dept.id, ledger["other"].id], 2020)
    assert both["website"] == 5
    assert reporting.items_count([dept.id], 2020) == 7


def test_normative_counts(agency_tree):
    dept = agency_tree["dept"]
    # made 2019, published 2020, repealed 2021
    make(dept, "A", doc_type=DocType.NORMATIVE, formed=D(2019, 12, 20), published=D(2020, 1, 6),
         validity=Validity.REPEALED, effective_on=D(2020, 2, 1), validity_changed_on=D(2021, 3, 1))
    # made and published 2020, still valid
    make(dept, "B", doc_type=DocType.NORMATIVE, formed=D(2020, 4, 1), published=D(2020, 4, 3),
         validity=Validity.VALID, effective_on=D(2020, 5, 1))
    # a regulation revised in 2020: out of force, but not "repealed"
    make(dept, "C", doc_type=DocType.REGULATION, formed=D(2018, 1, 1), published=D(2018, 1, 5),
         validity=Validity.REVISED, effective_on=D(2018, 2, 1), validity_changed_on=D(2020, 6, 1))
    # a normative document expired in 2020
    make(dept, "D", doc_type=DocType.NORMATIVE, formed=D(2017, 1, 1), published=D(2017, 1, 5),
         validity=Validity.EXPIRED, effective_on=D(2017, 2, 1), validity_changed_on=D(2020, 9, 1))
    # a draft is nothing
    make(dept, "E", doc_type=DocType.NORMATIVE, status=Status.DRAFT, published=None, formed=D(2020, 3, 1))
    c2020 = reporting.normative_counts([dept.id], 2020)
    assert c2020["normative"] == {"made": 1, "published": 2, "repealed": 1, "in_force": 2}
    assert c2020["regulations"] == {"made": 0, "published": 0, "repealed": 0, "in_force": 0}
    c2021 = reporting.normative_counts([dept.id], 2021)
    assert c2021["normative"] == {"made": 0, "published": 0, "repealed": 1, "in_force": 1}
    c2019 = reporting.normative_counts([dept.id], 2019)
    assert c2019["regulations"]["in_force"] == 1 and c2019["normative"]["made"] == 1
    assert c2019["normative"]["in_force"] == 1  # D only (A not yet published)
    titles = set(reporting.normative_drilldown([dept.id], 2020, "normative", "in_force").values_list("title", flat=True))
    assert titles == {"A", "B"}
    with pytest.raises(ValueError):
        reporting.normative_drilldown([dept.id], 2020, "normative", "nope")


def test_interpretation_stats_and_late(agency_tree):
    dept = agency_tree["dept"]
    doc1 = make(dept, "政策1", requires_interpretation=True)
    doc2 = make(dept, "政策2", requires_interpretation=True)
    make(dept, "政策3", requires_interpretation=False)
    interp = make(dept, "解读1", doc_type=DocType.INTERPRETATION)
    interp.interprets.add(doc1)
    withdrawn = make(dept, "解读2", doc_type=DocType.INTERPRETATION, status=Status.WITHDRAWN)
    withdrawn.interprets.add(doc2)
    make(dept, "迟", late=True)
    make(dept, "迟但撤回", late=True, status=Status.WITHDRAWN)
    make(dept, "迟2019", late=True, published=D(2019, 3, 1))
    stats = reporting.interpretation_stats([dept.id], 2020)
    assert stats == {"interpretations": 1, "documents_requiring": 2, "documents_interpreted": 1, "rate": 50.0}
    assert list(reporting.interpretation_drilldown([dept.id], 2020, "documents_interpreted")) == [doc1]
    assert reporting.late_count([dept.id], 2020) == 1
    assert reporting.late_count([dept.id], 2019) == 1
    assert reporting.interpretation_stats([dept.id], 2018)["rate"] is None


def test_by_agency_figures_are_one_query_each_and_sum_to_the_set(ledger, django_assert_num_queries):
    """Every figure group per agency in one grouped query (two for channels: publications and tallies);
    each agency's figures equal the contract's for it alone, and the set's are their sum."""
    dept, other = ledger["dept"], ledger["other"]
    make(other, "规范", doc_type=DocType.NORMATIVE, validity=Validity.VALID, formed=D(2020, 2, 1))
    doc = make(other, "政策", requires_interpretation=True, late=True)
    make(other, "解读", doc_type=DocType.INTERPRETATION).interprets.add(doc)
    ids = [a.id for a in ledger.values()]
    figures = {
        "normative_counts": 1, "channel_counts": 2, "interpretation_stats": 1, "late_count": 1, "items_count": 1,
    }
    for name, queries in figures.items():
        by_agency_fn, together_fn = getattr(reporting, f"{name}_by_agency"), getattr(reporting, name)
        with django_assert_num_queries(queries):
            by_agency = by_agency_fn(ids, 2020)
        assert set(by_agency) == set(ids), name
        for i in ids:
            assert by_agency[i] == together_fn([i], 2020), (name, i)
        together = together_fn(ids, 2020)
        if isinstance(together, int):
            assert together == sum(by_agency.values()), name
    assert reporting.channel_counts_by_agency(ids, 2020)[dept.id]["total"] == 20
    assert reporting.channel_counts_by_agency(ids, 2020)[other.id]["website"] == 1
    assert reporting.normative_counts_by_agency(ids, 2020)[other.id]["normative"] == {
        "made": 1, "published": 1, "repealed": 0, "in_force": 1}
    interp = reporting.interpretation_stats_by_agency(ids, 2020)
    assert interp[other.id] == {"interpretations": 1, "documents_requiring": 1, "documents_interpreted": 1,
                                "rate": 100.0}
    assert interp[dept.id]["rate"] is None
    assert reporting.interpretation_stats(ids, 2020)["rate"] == 100.0
    assert reporting.late_count_by_agency(ids, 2020) == {i: int(i == other.id) for i in ids}
    assert reporting.items_count_by_agency(ids, 2020)[other.id] == 4
