"""Seal the audit events not sealed yet into the hash chain.

    python manage.py seal_audit

The worker (`manage.py db_worker`) runs this every AUDIT_SEAL_INTERVAL seconds;
a server without the worker can run it from cron every few minutes.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from treem.audit.chain import seal_pending


class Command(BaseCommand):
    help = "Seal the audit events not sealed yet into the hash chain."

    def handle(self, *args, **opts):
        seals = seal_pending()
        if not seals:
            self.stdout.write(_("No new audit events to seal."))
        for seal in seals:
            self.stdout.write(
                _("Seal #%(seal)s: %(count)s events up to #%(last)s, hash %(hash)s")
                % {
                    "seal": seal.pk,
                    "count": seal.event_count,
                    "last": seal.last_event_id,
                    "hash": seal.chain_hash,
                }
            )
