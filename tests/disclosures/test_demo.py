"""The demo ledger: the seed report's 2020 figures for 泸州市统计局, and idempotence."""

import pytest

from gongkai.agencies import demo as agencies_demo
from gongkai.agencies.models import Agency
from gongkai.disclosures import demo, reporting, search
from gongkai.disclosures.models import CatalogueNode, DisclosureItem, ItemChannel, SearchDoc, Status
from gongkai.journal.models import Event


@pytest.mark.django_db
def test_demo_matches_seed_and_is_idempotent():
    agencies_demo.load()
    demo.load()
    tjj = Agency.objects.get(slug="luzhou-tjj")
    assert reporting.items_count([tjj.id], 2020) == 1623
    assert reporting.channel_counts([tjj.id], 2020) == {
        "total": 1623, "website": 1369, "new_media": 191, "wechat": 62, "weibo": 129, "other_new_media": 0,
        "traditional": 63,
    }
    assert reporting.interpretation_stats([tjj.id], 2020) == {
        "interpretations": 1, "documents_requiring": 1, "documents_interpreted": 1, "rate": 100.0}
    empty = {"made": 0, "published": 0, "repealed": 0, "in_force": 0}
    assert reporting.normative_counts([tjj.id], 2020) == {"regulations": empty, "normative": empty}
    # the recent ledger has waiting items, late ones and normative documents of each validity
    assert DisclosureItem.objects.filter(agency=tjj, status=Status.CONTENT_REVIEW).exists()
    assert DisclosureItem.objects.filter(agency=tjj, late=True).exists()
    assert set(DisclosureItem.objects.filter(agency=tjj, doc_type="normative").values_list("validity", flat=True)) == {
        "valid", "revised", "repealed", "expired"}
    assert search.search("实施方案", agency_id=tjj.id, year=2020).total == 2
    # every row the demo wrote is journaled: one batch event per agency and kind, listing the ids
    loaded = Event.objects.filter(action="disclosure.bulk_load", agency=tjj).get()
    assert sorted(loaded.after["ids"]) == sorted(DisclosureItem.objects.filter(agency=tjj).values_list("id", flat=True))
    assert loaded.actor_name == "系统"
    journaled = {i for e in Event.objects.filter(action="disclosure.bulk_load") for i in e.after["ids"]}
    assert journaled == set(DisclosureItem.objects.values_list("id", flat=True))
    channels = {i for e in Event.objects.filter(action="disclosure.channel_bulk_load") for i in e.after["ids"]}
    assert channels == set(ItemChannel.objects.values_list("id", flat=True))
    # each publication carries its item's agency and counted state (what the channel figures read)
    copies = ItemChannel.objects.values_list("agency_id", "counted", "item__agency_id", "item__published_on",
                                             "item__status")
    assert copies and all((agency, counted) == (item_agency, published is not None and status != Status.WITHDRAWN)
                          for agency, counted, item_agency, published, status in copies)
    nodes = Event.objects.filter(action="catalogue.bulk_load", agency=tjj).get()
    assert sorted(nodes.after["ids"]) == sorted(CatalogueNode.objects.filter(agency=tjj).values_list("id", flat=True))
    assert Event.objects.filter(action="guide.save", agency=tjj).count() == 1
    counts = (DisclosureItem.objects.count(), ItemChannel.objects.count(), SearchDoc.objects.count(), Event.objects.count())
    demo.load()
    assert (DisclosureItem.objects.count(), ItemChannel.objects.count(), SearchDoc.objects.count(),
            Event.objects.count()) == counts
    # index numbers are unique per agency and the counter continues after them
    numbers = list(DisclosureItem.objects.filter(agency=tjj).exclude(index_no="").values_list("index_no", flat=True))
    assert len(numbers) == len(set(numbers)) and "luzhou-tjj/2020-01623" in numbers
