from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_issued_documents"),
        ("disclosures", "0005_attachments_private_storage"),
    ]

    operations = [
        migrations.AddField(
            model_name="disclosureitem",
            name="source_applications",
            field=models.ManyToManyField(blank=True, related_name="promoted_items", to="applications.application",
                                         verbose_name="来源申请"),
        ),
    ]
