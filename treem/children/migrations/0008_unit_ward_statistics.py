"""The planner's knowledge that a child's ward follows from its unit
(PostgreSQL extended statistics). Lists filter on both (ChildQuerySet.
visible_to); without it the planner multiplies the two selectivities, expects
a ward officer's search to find a sixth of what it finds, and reads two
bitmap indexes of the whole ward instead of walking children_ward_walk_idx
(bench/README.md)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE STATISTICS IF NOT EXISTS children_unit_ward_stx (dependencies) "
            "ON unit_id, ward_id FROM children_child"
        )
        schema_editor.execute("ANALYZE children_child")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP STATISTICS IF EXISTS children_unit_ward_stx")


class Migration(migrations.Migration):
    dependencies = [("children", "0007_lean_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
