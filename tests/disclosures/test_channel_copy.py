"""The channel publications' copy of their item (ItemChannel.agency, .counted): the channel figures read it
instead of joining the items, so every path that changes an item must keep it in step. The oracle is the
join the figures used before (kept here): after each change through the actions, the publications the new
query counts — grouped by agency, channel and day, and one by one — must be exactly the join's."""

import datetime as dt
from collections import Counter
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Count

from gongkai.common.period import Period, span
from gongkai.disclosures import actions, reporting
from gongkai.disclosures.models import Channel, DisclosureItem, ItemChannel, Status

D = dt.date
YEARS = (2019, 2020, 2021)
F = D(2019, 12, 1)  # formed before every publication below


def _join_publications(agency_ids, year):
    """The query the channel figures ran before the copy (the oracle)."""
    return ItemChannel.objects.filter(
        item__agency_id__in=list(agency_ids), published_on__range=span(year), item__published_on__isnull=False
    ).exclude(item__status=Status.WITHDRAWN)


def _grouped(qs, agency_field):
    return Counter({(row[agency_field], row["channel"], row["published_on"]): row["n"] for row in
                    qs.values(agency_field, "channel", "published_on").annotate(n=Count("id")).order_by()})


def _assert_same(agencies):
    ids = [a.pk for a in agencies]
    for pub in ItemChannel.objects.select_related("item"):
        assert (pub.agency_id, pub.counted) == (pub.item.agency_id, pub.item.is_counted), pub.item.title
    for year in (*YEARS, Period(D(2019, 12, 1), D(2020, 1, 31))):
        old, new = _join_publications(ids, year), reporting._publications(ids, year)
        assert _grouped(new, "agency_id") == _grouped(old, "item__agency_id"), year
        assert sorted(new.values_list("id", flat=True)) == sorted(old.values_list("id", flat=True)), year
        for key in reporting.CHANNEL_KEYS:
            assert (sorted(reporting.channel_drilldown(ids, year, key).values_list("id", flat=True))
                    == sorted(old.filter(channel__in=reporting._CHANNEL_GROUPS[key]).values_list("id", flat=True)))
        by_agency = reporting.channel_counts_by_agency(ids, year)
        for agency_id in ids:
            old_counts = Counter(old.filter(item__agency_id=agency_id).values_list("channel", flat=True))
            assert by_agency[agency_id]["website"] == old_counts[Channel.WEBSITE]
            assert by_agency[agency_id]["total"] == sum(old_counts.values())
        months = Counter((d.year, d.month) for d in old.values_list("published_on", flat=True))
        assert reporting.channel_counts_by_month(ids, year)["total"] == dict(months)


def _row(n, published_on, channels=(Channel.WEBSITE,)):
    return SimpleNamespace(row=n, published_on=published_on, index_no="", channels=list(channels),
                           data={"title": f"导入信息{n}", "formed_on": D(2019, 12, 1), "channels": list(channels)})


def test_the_copy_follows_the_item_through_every_action(staff, publish, agency_tree, make_user):
    dept, other = staff["agency"], agency_tree["other"]
    agencies = list(agency_tree.values())
    both = [Channel.WEBSITE, Channel.WECHAT]
    # published through the workflow, on both sides of a year end
    a = publish({"title": "甲", "formed_on": F, "channels": both}, published_on=D(2019, 12, 31))
    b = publish({"title": "乙", "formed_on": F, "channels": [Channel.WEIBO, Channel.PRESS]}, published_on=D(2020, 1, 2))
    c = publish({"title": "丙", "formed_on": F, "channels": both}, published_on=D(2020, 6, 1))
    d = publish({"title": "丁", "formed_on": F}, published_on=D(2020, 7, 1))
    e = publish({"title": "戊", "formed_on": F, "doc_type": "interpretation"}, published_on=D(2021, 3, 1))
    # not published: a draft, one in content review and one in secrecy review (no publications)
    actions.create_item(staff["officer"], dept, {"title": "草稿", "formed_on": D(2020, 1, 2)})
    pending = actions.create_item(staff["officer"], dept, {"title": "待审", "formed_on": D(2020, 1, 2)})
    actions.submit_item(staff["officer"], pending)
    _assert_same(agencies)

    # more posts on a channel, one of them in another year than the item's publication
    actions.record_publication(staff["reviewer"], a, Channel.WECHAT, D(2020, 1, 5))
    actions.record_publication(staff["reviewer"], c, Channel.OTHER_NEW_MEDIA, D(2021, 2, 1))
    _assert_same(agencies)

    # withdraw; expire; withdraw an expired one: their publications leave the counts (expired ones stay)
    actions.withdraw_item(staff["reviewer"], b, "内容有误")
    actions.expire_item(staff["reviewer"], c, "已过时效")
    _assert_same(agencies)
    assert not ItemChannel.objects.filter(item=b, counted=True).exists()
    assert ItemChannel.objects.filter(item=c, counted=False).count() == 0
    actions.withdraw_item(staff["reviewer"], c, "撤回过期信息")
    _assert_same(agencies)

    # revise a published item (back in review, still counted) and publish it again
    d = actions.update_item(staff["officer"], d, {"title": "丁（修订）"}, change_note="更正标题")
    assert d.status == Status.CONTENT_REVIEW
    _assert_same(agencies)
    actions.approve_content(staff["reviewer"], d)
    actions.approve_secrecy(staff["secrecy"], d)
    _assert_same(agencies)

    # an Excel import (published history and a draft row) and a bulk load in every state
    actions.import_items(staff["reviewer"], dept, [_row(2, D(2020, 3, 3), both), _row(3, None)])
    officer_other = make_user(other, "reviewer")
    actions.bulk_load_items(officer_other, other, [
        {"title": "批量已公开", "formed_on": D(2020, 1, 1), "status": Status.PUBLISHED, "published_on": D(2020, 2, 1),
         "channels": both},
        {"title": "批量已撤回", "formed_on": D(2020, 1, 1), "status": Status.WITHDRAWN, "published_on": D(2020, 2, 2),
         "channels": both},
        {"title": "批量已过期", "formed_on": D(2020, 1, 1), "status": Status.EXPIRED, "published_on": D(2020, 2, 3),
         "channels": [Channel.SERVICE_HALL]},
        {"title": "批量草稿", "formed_on": D(2020, 1, 1)},
    ])
    _assert_same(agencies)
    assert ItemChannel.objects.filter(item__title="批量已撤回", counted=True).count() == 0

    # rows written directly (as the ledger helpers of the report tests do): ItemChannel.save takes the copy
    gone = DisclosureItem.objects.create(agency=other, title="直接写入", publisher="局", formed_on=D(2020, 1, 1),
                                         published_on=D(2020, 5, 5), status=Status.WITHDRAWN)
    ItemChannel.objects.create(item=gone, channel=Channel.WEBSITE, published_on=D(2020, 5, 5))
    _assert_same(agencies)

    # no action moves an item to another agency; a save does, and its publications follow
    moved = DisclosureItem.objects.get(pk=a.pk)
    moved.agency = other
    moved.save()
    _assert_same(agencies)
    assert set(ItemChannel.objects.filter(item=a).values_list("agency_id", flat=True)) == {other.pk}
    # a save naming only unrelated fields leaves the copy alone; naming status brings it in step
    e.status = Status.WITHDRAWN
    e.save(update_fields=["status"])
    _assert_same(agencies)

    # deleted items take their publications with them
    DisclosureItem.objects.filter(pk=d.pk).delete()
    _assert_same(agencies)
    assert ItemChannel.objects.filter(counted=True).exists() and ItemChannel.objects.filter(counted=False).exists()


def test_a_bulk_writer_that_forgets_the_copy_fails(staff, publish):
    item = publish()
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemChannel.objects.bulk_create([ItemChannel(item=item, channel=Channel.WECHAT, published_on=D(2020, 5, 1))])
    ItemChannel.objects.bulk_create([ItemChannel(item=item, channel=Channel.WECHAT,
                                                 published_on=D(2020, 5, 1)).copy_from(item)])
    assert ItemChannel.objects.get(item=item, channel=Channel.WECHAT).agency_id == item.agency_id



@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_copy_of_existing_publications():
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from gongkai.agencies.models import Agency

    before, after = ("disclosures", "0008_search_attachment_text"), ("disclosures", "0009_channel_agency_counted")
    call_command("migrate", *before, verbosity=0)
    try:
        old = MigrationExecutor(connection).loader.project_state([before]).apps
        Item, Pub = old.get_model("disclosures", "DisclosureItem"), old.get_model("disclosures", "ItemChannel")
        one, two = (Agency.objects.create(name=f"迁移测试局{n}", slug=f"mig-{n}") for n in (1, 2))  # not rolled back
        expected = {}
        for agency, status, published in ((one, "published", D(2020, 1, 2)), (two, "expired", D(2020, 1, 3)),
                                          (two, "withdrawn", D(2020, 1, 4)), (one, "content_review", D(2020, 1, 5)),
                                          (one, "draft", None)):
            item = Item.objects.create(agency_id=agency.pk, title=status, publisher="局", formed_on=D(2020, 1, 1),
                                       published_on=published, status=status)
            pub = Pub.objects.create(item=item, channel="website", published_on=published or D(2020, 1, 6))
            expected[pub.pk] = (agency.pk, published is not None and status != "withdrawn")
        call_command("migrate", *after, verbosity=0)
    finally:
        call_command("migrate", verbosity=0)
    assert {p.pk: (p.agency_id, p.counted) for p in ItemChannel.objects.all()} == expected


@pytest.mark.django_db(transaction=True)
def test_a_backup_made_before_the_copy_restores_with_it(staff, publish, tmp_path):
    """The data.json of a backup made before migration 0009 has publications without `agency` and `counted`;
    a restore loads it with loaddata (raw saves: ItemChannel.save does not run), so the copy is taken there."""
    import json
    from io import StringIO

    from django.core.management import call_command

    from gongkai.workbench.management.commands.backup import EXCLUDE
    from gongkai.workbench.management.commands.restore import Command as Restore

    both = [Channel.WEBSITE, Channel.WECHAT]
    publish({"title": "甲", "formed_on": F, "channels": both}, published_on=D(2020, 1, 2))
    gone = publish({"title": "乙", "formed_on": F, "channels": both}, published_on=D(2020, 1, 3))
    actions.withdraw_item(staff["reviewer"], gone, "内容有误")
    expected = {p.pk: (p.agency_id, p.counted) for p in ItemChannel.objects.all()}
    assert sorted(c for _, c in expected.values()) == [False, False, True, True]

    out = StringIO()
    call_command("dumpdata", exclude=EXCLUDE, natural_foreign=True, stdout=out)
    rows = json.loads(out.getvalue())
    for row in rows:  # as `gongkai backup` wrote it before the publications carried the copy
        if row["model"] == "disclosures.itemchannel":
            del row["fields"]["agency"], row["fields"]["counted"]
    data = tmp_path / "data.json"
    data.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")

    Restore().load(data)
    assert {p.pk: (p.agency_id, p.counted) for p in ItemChannel.objects.all()} == expected
