"""Accent-insensitive search by part of a name or ID runs on trigram indexes
on PostgreSQL (pg_trgm, which the migration user must be allowed to create).
SQLite has no equivalent; it scans, which is fine at demo size."""

from django.db import migrations

UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS children_child_name_trgm ON children_child "
    "USING gin (name_folded gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS children_child_pid_trgm ON children_child "
    "USING gin (personal_id gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS children_caregiver_name_trgm ON children_caregiver "
    "USING gin (name_folded gin_trgm_ops)",
]
DOWN = [
    "DROP INDEX IF EXISTS children_child_name_trgm",
    "DROP INDEX IF EXISTS children_child_pid_trgm",
    "DROP INDEX IF EXISTS children_caregiver_name_trgm",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in UP:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("children", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
