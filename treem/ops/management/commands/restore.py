"""Restore a backup made by `manage.py backup` into an EMPTY database and
an empty MEDIA_ROOT, with the same BACKUP_KEY.

    createdb treem_restored
    BACKUP_KEY=… DATABASE_URL=postgres://…/treem_restored python manage.py restore FILE
    DATABASE_URL=… python manage.py verify_audit

A database that already has tables is refused: a restore never mixes with or
overwrites live data. On PostgreSQL run `db_roles` afterwards (the grants of
the runtime role are not restored).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from treem.ops.backup import BackupError, restore_backup

from .backup import backup_key


class Command(BaseCommand):
    help = "Restore a backup (same BACKUP_KEY) into an empty database and MEDIA_ROOT."
    # The target database is empty: there is nothing to check yet.
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file")

    def handle(self, *args, file, **opts):
        key = backup_key()
        connection = connections["default"]
        # The restore writes through its own connections (pg_restore, sqlite3).
        connection.close()
        started = time.monotonic()
        try:
            manifest = restore_backup(
                file, key, settings_dict=connection.settings_dict, media_root=settings.MEDIA_ROOT
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Restored the backup of %(when)s: %(tables)s tables, %(rows)s rows (each table's "
                "count checked), %(files)s files, in %(seconds).1f s. Now run verify_audit."
            )
            % {
                "when": manifest["created_at"],
                "tables": len(manifest["tables"]),
                "rows": sum(manifest["tables"].values()),
                "files": len(manifest["media"]),
                "seconds": time.monotonic() - started,
            }
        )
