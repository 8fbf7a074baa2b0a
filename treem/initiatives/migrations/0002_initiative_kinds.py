from django.db import migrations

from treem.initiatives.kinds import load_kinds


def add_kinds(apps, schema_editor):
    load_kinds(apps.get_model("initiatives", "InitiativeKind"))


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initiatives_register")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
