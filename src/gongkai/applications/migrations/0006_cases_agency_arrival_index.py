from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_issued_documents"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["agency", "arrival_date"], name="app_agency_arrival"),
        ),
    ]
