"""One column of search keys per child (keys.search_keys: the words and
word-start phrases of the child's and its caregivers' names) replaces, on
PostgreSQL, the trigram indexes of 0002 and the word-start B-trees of 0004,
on children and on caregivers (bench/README.md, "Registry search"):

- children_child_search_keys: GIN on the keys (a tsvector there), which
  answers "a phrase at the start of a word of the child's or a caregiver's
  name" with one index, and whose statistics tell the planner how common a
  word is: the choice between reading the index and walking the list in
  order is the planner's, not a sampled guess;
- children_list_walk_idx now carries the keys instead of the folded name,
  so that walking the list for a common word ("nguyen") reads the index only.

Eleven indexes fewer on the two tables an import writes most.
"""

import importlib

from django.db import migrations

import treem.children.fields
from treem.children.keys import search_keys

OLD = [
    "children_child_name_trgm",
    "children_child_pid_trgm",
    "children_caregiver_name_trgm",
    "children_list_walk_idx",
    *(f"{table}_{suffix}" for table in ("children_child", "children_caregiver")
      for suffix in ("word2", "word3", "word4", "long_name")),
]
NEW = [
    "CREATE INDEX IF NOT EXISTS children_child_search_keys ON children_child "
    "USING gin (search_keys)",
    "CREATE INDEX IF NOT EXISTS children_list_walk_idx ON children_child "
    "(status, name_sort, date_of_birth, id) INCLUDE (unit_id, search_keys)",
]
BATCH = 5000


def drop_old(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in OLD:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def restore_old(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS children_list_walk_idx")
    for module in ("0002_trigram_search", "0003_search_indexes", "0004_word_start_indexes"):
        importlib.import_module(f"treem.children.migrations.{module}").forwards(
            apps, schema_editor
        )


def create_new(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in NEW:
            schema_editor.execute(sql)


def drop_new(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS children_child_search_keys")


def backfill(apps, schema_editor):
    """Keys of every child, in batches of ids."""
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        last = 0
        while True:
            cursor.execute(
                "SELECT id, name_folded FROM children_child WHERE id > %s ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            first, last = rows[0][0], rows[-1][0]
            cursor.execute(
                "SELECT l.child_id, g.name_folded FROM children_childcaregiver l "
                "JOIN children_caregiver g ON g.id = l.caregiver_id "
                "WHERE l.child_id BETWEEN %s AND %s",
                [first, last],
            )
            carers = {}
            for child_id, folded in cursor.fetchall():
                carers.setdefault(child_id, []).append(folded)
            values = [(pk, search_keys(name, *carers.get(pk, ()))) for pk, name in rows]
            if vendor == "postgresql":
                cursor.execute(
                    "UPDATE children_child c SET search_keys = v.k::tsvector "
                    "FROM unnest(%s::integer[], %s::text[]) AS v(id, k) WHERE c.id = v.id",
                    [[pk for pk, _ in values], [k for _, k in values]],
                )
            else:
                cursor.executemany(
                    "UPDATE children_child SET search_keys = %s WHERE id = %s",
                    [(k, pk) for pk, k in values],
                )


class Migration(migrations.Migration):
    dependencies = [("children", "0005_child_updated_index")]

    operations = [
        migrations.RunPython(drop_old, restore_old),
        migrations.AddField(
            model_name="child",
            name="search_keys",
            field=treem.children.fields.SearchKeysField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(create_new, drop_new),
    ]
