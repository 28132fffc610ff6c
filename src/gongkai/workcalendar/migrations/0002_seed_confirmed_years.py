from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.workcalendar.seeding import seed as do_seed

    do_seed(apps.get_model("workcalendar", "CalendarYear"), apps.get_model("workcalendar", "ExceptionDay"))


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
