"""Indexes for the registry's search and list pages at a million children
(bench/README.md), PostgreSQL only like the trigram indexes of 0002:

- children_list_walk_idx: the working list in list order (status, then the
  Vietnamese name key, date of birth, id: the page's ORDER BY), carrying the
  unit (scope), date of birth and folded name, so that a list page or a
  search for a common term (a surname) reads the index in order and stops at
  the 50th row in scope without visiting the table for the others.
- children_child_pid_rev / children_caregiver_phone_rev: "the last digits of
  an ID or a phone" is a prefix of the reversed value, a B-tree range scan,
  where the trigram index of digits (a thousand trigrams for a million IDs)
  reads long posting lists and phones had no index at all.
"""

from django.db import migrations

UP = [
    "CREATE INDEX IF NOT EXISTS children_list_walk_idx ON children_child "
    "(status, name_sort, date_of_birth, id) INCLUDE (unit_id, name_folded)",
    "CREATE INDEX IF NOT EXISTS children_child_pid_rev ON children_child "
    "(reverse(personal_id) text_pattern_ops) WHERE personal_id IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS children_caregiver_phone_rev ON children_caregiver "
    "(reverse(phone) text_pattern_ops) WHERE phone <> ''",
]
DOWN = [
    "DROP INDEX IF EXISTS children_list_walk_idx",
    "DROP INDEX IF EXISTS children_child_pid_rev",
    "DROP INDEX IF EXISTS children_caregiver_phone_rev",
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
    dependencies = [("children", "0002_trigram_search")]
    operations = [migrations.RunPython(forwards, backwards)]
