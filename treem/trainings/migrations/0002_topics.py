from django.db import migrations

from treem.trainings.topics import load_topics


def add_topics(apps, schema_editor):
    load_topics(apps.get_model("trainings", "Topic"), apps.get_model("trainings", "Requirement"))


class Migration(migrations.Migration):
    dependencies = [("trainings", "0001_courses_and_requirements")]

    operations = [migrations.RunPython(add_topics, migrations.RunPython.noop)]
