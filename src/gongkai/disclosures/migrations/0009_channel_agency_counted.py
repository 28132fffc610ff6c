"""Channel publications carry their item's agency and counted state (models.ItemChannel), so the channel
figures read them without joining the items: the two columns are added empty, filled from the items in one
UPDATE, then made NOT NULL, and the partial index serving (agency, published_on, channel) is built. A
partial index of the late items serves the Art. 26 “late” counts of the same dashboard section."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery


def fill(apps, schema_editor):
    Item = apps.get_model("disclosures", "DisclosureItem")
    Publication = apps.get_model("disclosures", "ItemChannel")
    item = Item.objects.filter(pk=OuterRef("item_id"))
    # counted: the item was published at some time and is not withdrawn (DisclosureItem.is_counted)
    Publication.objects.update(
        agency_id=Subquery(item.values("agency_id")[:1]),
        counted=Exists(item.filter(published_on__isnull=False).exclude(status="withdrawn")),
    )
    if schema_editor.connection.vendor == "postgresql":
        # the foreign-key checks of the rows just written are deferred to the commit; ALTER TABLE below
        # refuses to run with them pending ("pending trigger events"), so they run now
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("agencies", "0001_initial"),
        ("disclosures", "0008_search_attachment_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="itemchannel",
            name="agency",
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="agencies.agency", verbose_name="机关"),
        ),
        migrations.AddField(
            model_name="itemchannel",
            name="counted",
            field=models.BooleanField(editable=False, null=True, verbose_name="计入统计"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="itemchannel",
            name="agency",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="agencies.agency", verbose_name="机关"),
        ),
        migrations.AlterField(
            model_name="itemchannel",
            name="counted",
            field=models.BooleanField(editable=False, verbose_name="计入统计"),
        ),
        migrations.AddIndex(
            model_name="disclosureitem",
            index=models.Index(condition=models.Q(("late", True)), fields=["agency", "published_on", "status"],
                               name="disc_late"),
        ),
        migrations.AddIndex(
            model_name="itemchannel",
            index=models.Index(condition=models.Q(("counted", True)), fields=["agency", "published_on", "channel"],
                               name="disc_channel_agency_day"),
        ),
    ]
