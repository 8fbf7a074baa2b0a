from django.db import migrations

from treem.activities.kinds import load_kinds


def add_kinds(apps, schema_editor):
    load_kinds(apps.get_model("activities", "ActivityKind"))


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_activities_and_forums")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
