"""Privileges of the application's runtime role on PostgreSQL.

Two roles: the owner owns the tables and runs migrations; the runtime role
(web server, worker, cron) reads and writes the application's tables but only
reads and appends to the audit trail. As it owns nothing, it can neither
TRUNCATE the trail nor drop the trigger that refuses UPDATE and DELETE.
"""

import re

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Tables the runtime role may read and append to, never change.
APPEND_ONLY_MODELS = ["audit.AuditEvent", "audit.AuditSeal", "audit.SealedEvent"]
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE, TRUNCATE"
SEQUENCE_PRIVILEGES = "USAGE, SELECT, UPDATE"


def role_statements(connection, runtime, owner=None):
    """The statements, in order. Each is idempotent, so the list can be run
    after every migration."""
    for name in (runtime, owner):
        if name is not None and not ROLE_NAME.match(name):
            raise CommandError(f"not a plain role name: {name!r}")
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_database(), current_schema()")
        current_user, database, schema = cursor.fetchone()
        owner = owner or current_user
        if runtime == owner:
            raise CommandError("the runtime role must not be the owner of the tables")
        cursor.execute("SELECT rolname FROM pg_roles WHERE rolname IN (%s, %s)", [runtime, owner])
        missing = {runtime, owner} - {row[0] for row in cursor.fetchall()}
        if missing:
            raise CommandError(
                f"no such role: {', '.join(sorted(missing))} (CREATE ROLE … LOGIN PASSWORD … first)"
            )
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') "
            "AND pg_get_userbyid(c.relowner) = %s ORDER BY c.relname",
            [schema, runtime],
        )
        owned_by_runtime = [row[0] for row in cursor.fetchall()]
    app, s, db, o = q(runtime), q(schema), q(database), q(owner)
    statements = [
        # Tables the runtime role created (migrations once run as it) pass to the owner.
        *(f"ALTER TABLE {s}.{q(table)} OWNER TO {o}" for table in owned_by_runtime),
        f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {app}",
        f"GRANT USAGE ON SCHEMA {s} TO {app}",
        f"REVOKE CREATE ON SCHEMA {s} FROM {app}",
        f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA {s} TO {app}",
        f"GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA {s} TO {app}",
        # Tables later migrations create get the same privileges without a re-run.
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} "
        f"GRANT {TABLE_PRIVILEGES} ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} "
        f"GRANT {SEQUENCE_PRIVILEGES} ON SEQUENCES TO {app}",
    ]
    for label in APPEND_ONLY_MODELS:
        table = f"{s}.{q(apps.get_model(label)._meta.db_table)}"
        statements += [
            f"REVOKE ALL ON TABLE {table} FROM {app}",
            f"REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON TABLE {table} FROM PUBLIC",
            f"GRANT SELECT, INSERT ON TABLE {table} TO {app}",
        ]
    return statements


class Command(BaseCommand):
    help = (
        "Print (or, with --execute, run as the owner) the GRANT and REVOKE statements that "
        "give the runtime role full DML on the application's tables but only SELECT and "
        "INSERT on the audit trail. Idempotent: run it after every migrate. PostgreSQL only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runtime", required=True, help="role of the web server and worker")
        parser.add_argument(
            "--owner", help="role that owns the tables and runs migrations (default: connected)"
        )
        parser.add_argument("--execute", action="store_true", help="run the statements")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, runtime, owner, execute, database, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("db_roles applies to PostgreSQL; SQLite has no roles.")
        statements = role_statements(connection, runtime, owner)
        if execute:
            with transaction.atomic(using=database), connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        for statement in statements:
            self.stdout.write(f"{statement};")
