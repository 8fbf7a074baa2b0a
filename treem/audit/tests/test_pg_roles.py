"""On PostgreSQL the runtime role reads and appends to the audit trail and can
do nothing else to it: no UPDATE, DELETE or TRUNCATE, and, owning nothing, it
cannot drop the trigger that guards the rows."""

import uuid
from io import StringIO
from unittest import skipUnless

import psycopg
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from psycopg import sql

from treem.audit.models import AuditEvent

AUDIT = AuditEvent._meta.db_table


def connect(user=None):
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        dbname=settings["NAME"],
        user=user or settings["USER"],
        password=None if user else settings["PASSWORD"] or None,
        autocommit=True,
    )


@skipUnless(connection.vendor == "postgresql", "roles and privileges exist on PostgreSQL only")
class RuntimeRoleTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Roles belong to the cluster, outside the test transaction: made and
        # dropped on a connection of their own.
        cls.runtime = f"treem_test_app_{uuid.uuid4().hex[:8]}"
        cls.admin_connection = connect()
        cls.admin_connection.execute(
            sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(cls.runtime))
        )
        out = StringIO()
        call_command("db_roles", "--runtime", cls.runtime, stdout=out)
        cls.statements = [line.rstrip(";") for line in out.getvalue().splitlines() if line]
        for statement in cls.statements:
            cls.admin_connection.execute(statement)

    @classmethod
    def tearDownClass(cls):
        role = sql.Identifier(cls.runtime)
        cls.admin_connection.execute(sql.SQL("DROP OWNED BY {}").format(role))
        cls.admin_connection.execute(sql.SQL("DROP ROLE {}").format(role))
        cls.admin_connection.close()
        super().tearDownClass()

    def as_runtime(self, statement, params=None):
        with connect(self.runtime) as runtime:
            return runtime.execute(statement, params)

    def assert_refused(self, statement):
        with self.assertRaises(psycopg.errors.InsufficientPrivilege):
            self.as_runtime(statement)

    def test_the_runtime_role_appends_to_the_audit_trail(self):
        with connect(self.runtime) as runtime, runtime.transaction(force_rollback=True):
            (event_id,) = runtime.execute(
                f"INSERT INTO {AUDIT} (occurred_at, action, actor_label, subject_type, "
                "subject_id, changes, request_id, ip, note) "
                "VALUES (now(), 'task', 'db_roles test', '', '', '{}', '', NULL, '') RETURNING id"
            ).fetchone()
            found = runtime.execute(f"SELECT count(*) FROM {AUDIT} WHERE id = %s", [event_id])
            self.assertEqual(found.fetchone()[0], 1)

    def test_the_runtime_role_cannot_update_delete_or_truncate_the_audit_trail(self):
        self.assert_refused(f"UPDATE {AUDIT} SET actor_label = 'x'")
        self.assert_refused(f"DELETE FROM {AUDIT}")
        self.assert_refused(f"TRUNCATE {AUDIT}")

    def test_the_runtime_role_cannot_drop_the_trigger_or_the_table(self):
        self.assert_refused(f"DROP TRIGGER audit_event_no_update ON {AUDIT}")
        self.assert_refused(f"ALTER TABLE {AUDIT} DISABLE TRIGGER audit_event_no_update")
        self.assert_refused(f"DROP TABLE {AUDIT}")

    def test_the_runtime_role_owns_nothing_and_creates_no_tables(self):
        owners = self.as_runtime(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
            "AND tableowner = current_user"
        ).fetchone()[0]
        self.assertEqual(owners, 0)
        self.assert_refused("CREATE TABLE treem_runtime_probe (id int)")

    def test_the_runtime_role_changes_the_other_tables(self):
        with connect(self.runtime) as runtime:
            runtime.execute("UPDATE accounts_user SET job_title = job_title WHERE false")
            runtime.execute("DELETE FROM django_session WHERE false")
            runtime.execute("SELECT nextval(pg_get_serial_sequence('accounts_user', 'id'))")

    def test_the_command_is_idempotent_and_runs_in_place(self):
        out = StringIO()
        call_command("db_roles", "--runtime", self.runtime, "--execute", stdout=out)
        call_command("db_roles", "--runtime", self.runtime, "--execute", stdout=StringIO())
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT has_table_privilege(%s, %s, 'INSERT'), "
                "has_table_privilege(%s, %s, 'UPDATE'), has_table_privilege(%s, %s, 'TRUNCATE')",
                [self.runtime, AUDIT] * 3,
            )
            self.assertEqual(cursor.fetchone(), (True, False, False))
        self.assertIn("GRANT SELECT, INSERT ON TABLE", out.getvalue())
