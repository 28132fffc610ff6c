from django.db import migrations, models

import gongkai.applications.storage
import gongkai.disclosures.models


def move_to_private_storage(apps, schema_editor):
    """Files saved before this migration sit under MEDIA_ROOT (public /media/): move them to private storage,
    under the same name, so that only disclosures.views_attachments can serve them."""
    from django.core.files.storage import default_storage

    from gongkai.applications.storage import private_storage

    private = private_storage()
    for name in apps.get_model("disclosures", "Attachment").objects.values_list("file", flat=True):
        if not name or not default_storage.exists(name):
            continue
        if not private.exists(name):
            with default_storage.open(name, "rb") as src:
                private.save(name, src)
        default_storage.delete(name)


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0004_report_cover_index")]

    operations = [
        migrations.AlterField(
            model_name="attachment",
            name="file",
            field=models.FileField(max_length=255, storage=gongkai.applications.storage.private_storage,
                                   upload_to=gongkai.disclosures.models.attachment_path, verbose_name="附件"),
        ),
        migrations.RunPython(move_to_private_storage, migrations.RunPython.noop),
    ]
