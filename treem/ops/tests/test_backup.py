"""Backups restore what they saved, only with their key, only into an empty
database. On SQLite here; the PostgreSQL path is the restore drill
(.ci/restore-drill), run by .ci/run after the PostgreSQL suite."""

import io
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from unittest import mock, skipUnless

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import SimpleTestCase, TransactionTestCase, override_settings

from treem.audit.models import Action, AuditEvent
from treem.ops import crypto
from treem.ops.backup import BackupError, create_backup, restore_backup

KEY = "khoa-sao-luu-thu-nghiem-0123"
SECRET = "Nguyễn Thị Bí Mật"


class CryptoTests(SimpleTestCase):
    def roundtrip(self, data, key=KEY):
        raw = io.BytesIO()
        writer = crypto.EncryptingWriter(raw, KEY)
        writer.write(data)
        writer.close()
        return raw.getvalue(), crypto.DecryptingReader(io.BytesIO(raw.getvalue()), key)

    def test_many_chunks_come_back_in_order(self):
        data = os.urandom(5000)
        with mock.patch.object(crypto, "CHUNK", 1024):
            sealed, reader = self.roundtrip(data)
            self.assertEqual(reader.read(), data)
        self.assertNotIn(data[:64], sealed)

    def test_a_wrong_key_is_refused(self):
        _, reader = self.roundtrip(b"abc", key="sai-khoa-hoan-toan-000")
        with self.assertRaises(crypto.DecryptionError):
            reader.read()

    def test_a_truncated_file_is_refused(self):
        data = os.urandom(5000)
        with mock.patch.object(crypto, "CHUNK", 1024):
            sealed, _ = self.roundtrip(data)
            # Cut after the third chunk: each of them authenticates, but none is the last.
            cut = crypto.HEADER_SIZE + 3 * (4 + 1024 + 16)
            reader = crypto.DecryptingReader(io.BytesIO(sealed[:cut]), KEY)
            with self.assertRaises(crypto.DecryptionError):
                reader.read()


def make_source(path):
    """A small SQLite database standing for the application's."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE audit_auditevent (id integer primary key, note text)")
        db.execute("CREATE TABLE children_child (id integer primary key, name text)")
        db.execute("INSERT INTO audit_auditevent (note) VALUES (?), (?)", [SECRET, "b"])
        db.execute("INSERT INTO children_child (name) VALUES (?)", [SECRET])


class SqliteBackupTests(SimpleTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        self.media = self.folder / "media"
        (self.media / "cases" / "7").mkdir(parents=True)
        (self.media / "cases" / "7" / "abc").write_text(SECRET)
        make_source(self.folder / "source.sqlite3")
        self.file = self.folder / "treem.bak"
        self.manifest = create_backup(
            self.file, KEY, settings_dict=self.target("source.sqlite3"), media_root=self.media
        )

    def target(self, name="restored.sqlite3"):
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(self.folder / name)}

    def test_a_backup_restores_the_database_and_the_files(self):
        target, media = self.target(), self.folder / "restored-media"
        manifest = restore_backup(self.file, KEY, settings_dict=target, media_root=media)
        self.assertEqual(manifest["tables"], {"audit_auditevent": 2, "children_child": 1})
        with sqlite3.connect(target["NAME"]) as db:
            note = db.execute("SELECT note FROM audit_auditevent WHERE id = 1").fetchone()
        self.assertEqual(note, (SECRET,))
        self.assertEqual((media / "cases" / "7" / "abc").read_text(), SECRET)

    def test_the_backup_file_shows_nothing_in_clear(self):
        content = self.file.read_bytes()
        self.assertNotIn(SECRET.encode(), content)
        self.assertNotIn(b"SQLite format", content)
        self.assertTrue(content.startswith(crypto.MAGIC))

    def test_a_wrong_key_is_refused_and_nothing_is_written(self):
        target = self.target()
        with self.assertRaisesMessage(BackupError, "sai BACKUP_KEY"):
            restore_backup(
                self.file,
                "mot-khoa-khac-hoan-toan",
                settings_dict=target,
                media_root=self.folder / "m",
            )
        self.assertFalse(Path(target["NAME"]).exists())

    def test_a_damaged_backup_is_refused(self):
        content = bytearray(self.file.read_bytes())
        content[len(content) // 2] ^= 1
        self.file.write_bytes(bytes(content))
        with self.assertRaises(BackupError):
            restore_backup(
                self.file, KEY, settings_dict=self.target(), media_root=self.folder / "m"
            )

    def test_a_database_that_is_not_empty_is_refused(self):
        target = self.target()
        with sqlite3.connect(target["NAME"]) as db:
            db.execute("CREATE TABLE live (id integer)")
        with self.assertRaisesMessage(BackupError, "không trống"):
            restore_backup(self.file, KEY, settings_dict=target, media_root=self.folder / "m")

    def test_a_media_folder_with_files_is_refused(self):
        with self.assertRaisesMessage(BackupError, "đã có tệp"):
            restore_backup(self.file, KEY, settings_dict=self.target(), media_root=self.media)
        self.assertFalse(Path(self.target()["NAME"]).exists())

    def test_the_backup_command_needs_the_key(self):
        with (
            mock.patch.dict(os.environ, {"BACKUP_KEY": ""}),
            self.assertRaisesMessage(CommandError, "BACKUP_KEY"),
        ):
            call_command("backup", output=str(self.folder / "x.bak"))


# Outside a test transaction: the backup reads the database through a
# connection of its own, as it does beside a running server.
@skipUnless(connection.vendor == "sqlite", "the SQLite backup API; PostgreSQL: .ci/restore-drill")
class SqliteBackupCommandTests(TransactionTestCase):
    def test_backup_records_itself_and_restores_and_restore_refuses_the_live_database(self):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        AuditEvent.objects.create(action=Action.LOGIN, note=SECRET)
        output, out = folder / "cmd.bak", io.StringIO()
        with (
            mock.patch.dict(os.environ, {"BACKUP_KEY": KEY}),
            override_settings(MEDIA_ROOT=folder / "media"),
        ):
            call_command("backup", output=str(output), stdout=out)
            with self.assertRaisesMessage(CommandError, "không trống"):
                call_command("restore", str(output))
        self.assertIn("Đã sao lưu", out.getvalue())
        event = AuditEvent.objects.filter(action=Action.EXPORT).latest("id")
        self.assertEqual(event.changes["backup"]["new"], "cmd.bak")
        target = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(folder / "r.sqlite3")}
        restored = restore_backup(output, KEY, settings_dict=target, media_root=folder / "m")
        self.assertEqual(restored["tables"]["audit_auditevent"], AuditEvent.objects.count())
