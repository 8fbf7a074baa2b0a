"""B-tree indexes for "the phrase at the start of a word" of a folded name
(queries._word_start_indexed), PostgreSQL only.

A trigram index answers it too, but reads long posting lists for the common
trigrams of Vietnamese names (" ng", "van", "thi") and rechecks every
candidate row in the table: 100-250 ms for one full name at a million
children on the benchmark machine. The name from its 2nd, 3rd and 4th word
on (regexp_replace of the first words) are prefix searches on B-trees, like
the whole name on the existing varchar_pattern_ops index; names of five
words or more, rare, are found through a small partial index. The trigram
indexes of 0002 stay: they serve similarity matching elsewhere.
"""

from django.db import migrations

# Keep in step with queries.FROM_WORD and queries.LONG_NAME.
FROM_WORD = (r"^\S+ ", r"^\S+ \S+ ", r"^\S+ \S+ \S+ ")
LONG_NAME = r"^\S+ \S+ \S+ \S+ "
TABLES = ("children_child", "children_caregiver")


def _up():
    for table in TABLES:
        for n, pattern in enumerate(FROM_WORD, start=2):
            yield (
                f"CREATE INDEX IF NOT EXISTS {table}_word{n} ON {table} "
                f"(regexp_replace(name_folded, '{pattern}', '') text_pattern_ops)"
            )
        yield (
            f"CREATE INDEX IF NOT EXISTS {table}_long_name ON {table} (id) "
            f"WHERE name_folded ~ '{LONG_NAME}'"
        )


def _down():
    for table in TABLES:
        for n in range(2, 2 + len(FROM_WORD)):
            yield f"DROP INDEX IF EXISTS {table}_word{n}"
        yield f"DROP INDEX IF EXISTS {table}_long_name"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in _up():
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in _down():
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("children", "0003_search_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
