"""The usual three-step rating scale, as editable data: no law fixes it."""

from django.db import migrations

SOURCE = "usual practice of Party inspection reports; not fixed by law [?]"
LEVELS = [
    ("hoan-thanh-tot", "Hoàn thành tốt", 1, True),
    ("hoan-thanh", "Hoàn thành", 2, True),
    ("chua-hoan-thanh", "Chưa hoàn thành", 3, False),
]


def seed(apps, schema_editor):
    RatingLevel = apps.get_model("plans", "RatingLevel")
    for code, name, order, completed in LEVELS:
        RatingLevel.objects.get_or_create(
            code=code,
            defaults={"name": name, "order": order, "counts_as_completed": completed, "source": SOURCE},
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
