"""Signal receivers of the disclosures app.

- calendar_changed: the stored Art. 26 results are recomputed (journaled);
- a SearchDoc loaded by `loaddata` (restore from a backup) gets its full-text entries, which are not models;
- a channel publication loaded by `loaddata` without its item's copy (a backup made before migration 0009)
  takes it from its item, as ItemChannel.save would (loaddata's raw saves skip it);
- after a flush (post_migrate), an FTS table left without documents is emptied.
"""

from django.db.models.signals import post_migrate, post_save, pre_save
from django.dispatch import receiver

from gongkai.workcalendar.signals import calendar_changed


@receiver(calendar_changed)
def recompute_on_calendar_change(sender, years, actor, **kwargs):
    from gongkai.disclosures.actions import recompute_lateness

    if years:
        recompute_lateness(actor, set(years))


@receiver(post_save, sender="disclosures.SearchDoc")
def index_restored_doc(sender, instance, raw=False, **kwargs):
    if raw:
        from gongkai.disclosures.search import index_loaded_doc

        index_loaded_doc(instance)


@receiver(pre_save, sender="disclosures.ItemChannel")
def copy_item_into_restored_publication(sender, instance, raw=False, **kwargs):
    if raw and (instance.agency_id is None or instance.counted is None):
        from gongkai.disclosures.models import DisclosureItem

        item = DisclosureItem.objects.filter(pk=instance.item_id).only("agency", "status", "published_on").first()
        if item is not None:  # else the row fails on NOT NULL, as any writer that forgets the copy does
            instance.copy_from(item)


@receiver(post_migrate)
def clear_index_after_flush(sender, using="default", **kwargs):
    if getattr(sender, "label", "") != "disclosures":
        return
    from django.db import connections

    from gongkai.disclosures.search import FTS_TABLE, clear_orphans

    connection = connections[using]
    if connection.vendor == "sqlite" and FTS_TABLE in connection.introspection.table_names():
        clear_orphans()
