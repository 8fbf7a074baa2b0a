"""Back up the database and MEDIA_ROOT into one file encrypted with BACKUP_KEY.

    BACKUP_KEY=… python manage.py backup --output /srv/backup/treem-2026-12-07.bak

PostgreSQL through pg_dump (custom format), SQLite through its backup API;
see treem/ops/backup.py for the layout. Keep BACKUP_KEY apart from the backups:
without it they cannot be read, by anyone.
"""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.utils.translation import gettext as _

from treem.audit.models import Action
from treem.audit.services import record_event
from treem.ops.backup import BackupError, create_backup


def backup_key():
    key = os.environ.get("BACKUP_KEY", "")
    if len(key) < 16:
        raise CommandError(
            _("Set the environment variable BACKUP_KEY to the backup key (16 characters or more).")
        )
    return key


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into one file encrypted with BACKUP_KEY."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="the backup file to write")

    def handle(self, *args, output, **opts):
        key = backup_key()
        # Recorded before the dump, so the backup holds its own record: a copy
        # of every child's data has left the database.
        with transaction.atomic():
            record_event(
                Action.EXPORT,
                actor_label="manage.py backup",
                changes={"backup": {"old": None, "new": os.path.basename(output)}},
            )
        started = time.monotonic()
        try:
            manifest = create_backup(
                output,
                key,
                settings_dict=connections["default"].settings_dict,
                media_root=settings.MEDIA_ROOT,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Backup written to %(file)s: %(tables)s tables, %(rows)s rows, %(files)s files, "
                "%(size).1f MB, in %(seconds).1f s."
            )
            % {
                "file": output,
                "tables": len(manifest["tables"]),
                "rows": sum(manifest["tables"].values()),
                "files": len(manifest["media"]),
                "size": os.path.getsize(output) / 1e6,
                "seconds": time.monotonic() - started,
            }
        )
