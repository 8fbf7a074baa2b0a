"""The hash chain over the audit trail finds every change, deletion and
insertion made behind the application's back, with raw SQL, as someone with
access to the database would: switching the append-only trigger off first.

The same tests run on SQLite (make test) and on PostgreSQL (the PostgreSQL
pass of .ci/run); each class is skipped on the other database."""

import datetime
import json
import tempfile
from io import StringIO
from pathlib import Path
from unittest import skipUnless

from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import TestCase
from django.utils import timezone

from treem.audit import chain
from treem.audit.models import Action, AuditEvent, AuditSeal, SealedEvent

TRIGGERS = {
    "audit_auditevent": "audit_event_no_update",
    "audit_sealedevent": "audit_sealedevent_no_update",
    "audit_auditseal": "audit_auditseal_no_update",
}


def event(pk=None, note=""):
    return AuditEvent.objects.create(
        id=pk,
        action=Action.LOGIN,
        actor_label="alice",
        note=note,
        changes={"a": {"old": None, "new": 1}},
        request_id="r" * 8,
    )


class ChainTests:
    def tamper(self, table, sql, params=()):
        """Run `sql` on `table` with its append-only trigger off, as an
        attacker who owns the database would. The test's transaction puts
        the trigger back."""
        with connection.cursor() as cursor:
            self.trigger_off(cursor, table)
            cursor.execute(sql, params)

    def problems(self, **kwargs):
        return [(p.kind, p.event_id) for p in chain.verify(**kwargs).problems]

    def test_sealing_covers_every_event_once_and_the_chain_verifies(self):
        events = [event() for _ in range(5)]
        (seal,) = chain.seal_pending()
        self.assertEqual((seal.event_count, seal.last_event_id), (5, events[-1].pk))
        self.assertEqual(chain.seal_pending(), [])
        self.assertEqual(SealedEvent.objects.count(), 5)
        report = chain.verify()
        self.assertTrue(report.ok)
        self.assertEqual((report.seals, report.events), (1, 5))

    def test_a_seal_goes_on_from_the_previous_one(self):
        for _ in range(5):
            event()
        seals = chain.seal_pending(batch=2)
        self.assertEqual([s.event_count for s in seals], [2, 2, 1])
        self.assertEqual(seals[2].previous, seals[1])
        event()
        (fourth,) = chain.seal_pending()
        self.assertEqual(fourth.previous, seals[2])
        self.assertTrue(chain.verify().ok)

    def test_a_changed_event_is_named(self):
        events = [event() for _ in range(4)]
        chain.seal_pending()
        self.tamper(
            "audit_auditevent",
            "UPDATE audit_auditevent SET note = %s WHERE id = %s",
            ["sửa lén", events[2].pk],
        )
        self.assertEqual(self.problems(), [("changed", events[2].pk)])

    def test_a_changed_json_field_is_named(self):
        events = [event() for _ in range(3)]
        chain.seal_pending()
        self.tamper(
            "audit_auditevent",
            "UPDATE audit_auditevent SET actor_label = %s WHERE id = %s",
            ["mallory", events[0].pk],
        )
        self.assertEqual(self.problems(), [("changed", events[0].pk)])

    def test_a_deleted_event_is_named(self):
        events = [event() for _ in range(4)]
        chain.seal_pending()
        self.tamper(
            "audit_auditevent", "DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk]
        )
        self.assertEqual(self.problems(), [("deleted", events[1].pk)])

    def test_an_event_deleted_with_its_chain_row_breaks_the_chain_at_the_next(self):
        events = [event() for _ in range(4)]
        chain.seal_pending()
        self.tamper(
            "audit_auditevent", "DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk]
        )
        self.tamper(
            "audit_sealedevent", "DELETE FROM audit_sealedevent WHERE event_id = %s", [events[1].pk]
        )
        self.assertEqual(self.problems(), [("changed", events[2].pk), ("seal", None)])

    def test_an_event_inserted_below_an_old_seal_is_named(self):
        for pk in (10, 20, 30):
            event(pk)
        chain.seal_pending(now=timezone.now() - datetime.timedelta(hours=2))
        self.tamper(
            "audit_auditevent",
            "INSERT INTO audit_auditevent (id, occurred_at, actor_label, action, subject_type, "
            "subject_id, request_id, changes, note) VALUES (%s, %s, '', 'login', '', '', '', "
            "'{}', 'chèn lén')",
            [15, timezone.now()],
        )
        self.assertEqual(self.problems(), [("inserted", 15)])
        # The sealer does not adopt it either.
        self.assertEqual(chain.seal_pending(), [])
        self.assertEqual(self.problems(), [("inserted", 15)])

    def test_a_late_commit_below_a_recent_seal_is_sealed_by_the_next_run(self):
        # A long transaction (an import) took id 15 before 20 and 30 were
        # committed and sealed; it commits within the grace period.
        for pk in (10, 20, 30):
            event(pk)
        chain.seal_pending()
        event(15)
        report = chain.verify()
        self.assertEqual((report.ok, report.pending), (True, 1))
        (seal,) = chain.seal_pending()
        self.assertEqual(
            (seal.first_event_id, seal.last_event_id, seal.high_water_id), (15, 15, 30)
        )
        report = chain.verify()
        self.assertEqual((report.ok, report.pending), (True, 0))

    def test_a_rewritten_chain_passes_inside_but_not_against_the_exported_seal(self):
        events = [event() for _ in range(3)]
        (seal,) = chain.seal_pending()
        exported = chain.export_seal(seal)
        # The attacker changes an event and recomputes every hash after it.
        self.tamper(
            "audit_auditevent",
            "UPDATE audit_auditevent SET note = %s WHERE id = %s",
            ["viết lại", events[1].pk],
        )
        previous = chain.GENESIS
        for values in AuditEvent.objects.order_by("id").values_list(*chain.FIELDS):
            previous = chain.link(previous, values)
            self.tamper(
                "audit_sealedevent",
                "UPDATE audit_sealedevent SET chain = %s WHERE event_id = %s",
                [previous, values[0]],
            )
        self.tamper(
            "audit_auditseal",
            "UPDATE audit_auditseal SET chain_hash = %s WHERE id = %s",
            [previous, seal.pk],
        )
        self.assertEqual(self.problems(), [])
        self.assertEqual(self.problems(exported=exported), [("export", None)])

    def test_verify_audit_exits_non_zero_and_says_where(self):
        events = [event() for _ in range(3)]
        call_command("seal_audit", stdout=StringIO())
        out = StringIO()
        call_command("verify_audit", stdout=out)
        self.assertIn("Nhật ký kiểm toán nguyên vẹn", out.getvalue())
        self.tamper(
            "audit_auditevent",
            "UPDATE audit_auditevent SET action = 'export' WHERE id = %s",
            [events[0].pk],
        )
        err = StringIO()
        with self.assertRaises(CommandError) as raised:
            call_command("verify_audit", stdout=StringIO(), stderr=err)
        self.assertEqual(raised.exception.returncode, 1)
        self.assertIn(f"#{events[0].pk}", err.getvalue())
        self.assertIn("bị sửa", err.getvalue())

    def test_export_audit_seal_writes_the_latest_seal_for_verify_against(self):
        event()
        call_command("seal_audit", stdout=StringIO())
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "seal.json"
            call_command("export_audit_seal", output=str(path))
            exported = json.loads(path.read_text())
            seal = AuditSeal.objects.get()
            self.assertEqual((exported["seal"], exported["chain_hash"]), (seal.pk, seal.chain_hash))
            call_command("verify_audit", seal=str(path), stdout=StringIO())

    def test_export_without_a_seal_says_so(self):
        with self.assertRaisesMessage(CommandError, "chưa có dấu niêm phong"):
            call_command("export_audit_seal", stdout=StringIO())

    def test_seals_and_chain_rows_refuse_updates(self):
        event()
        (seal,) = chain.seal_pending()
        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditseal SET chain_hash = 'x' WHERE id = %s", [seal.pk])


@skipUnless(connection.vendor == "sqlite", "the SQLite tampering; PostgreSQL has its own class")
class SqliteChainTests(ChainTests, TestCase):
    def trigger_off(self, cursor, table):
        cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGERS[table]}")


@skipUnless(connection.vendor == "postgresql", "runs in the PostgreSQL pass of .ci/run")
class PostgresChainTests(ChainTests, TestCase):
    def trigger_off(self, cursor, table):
        # Django's foreign keys are deferred: their checks, pending in the
        # test's transaction, would forbid the ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {TRIGGERS[table]}")
