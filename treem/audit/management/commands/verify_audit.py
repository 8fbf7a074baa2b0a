"""Recompute the audit trail's hash chain and report every event changed,
deleted or inserted before the latest seal; exit status 1 if any.

    python manage.py verify_audit [--seal EXPORTED.json]
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from treem.audit.chain import verify

MESSAGES = {
    "changed": gettext_lazy(
        "Event #%(event)s (seal #%(seal)s) was changed, or the event before it in the "
        "chain was removed."
    ),
    "deleted": gettext_lazy("Event #%(event)s (seal #%(seal)s) was deleted."),
    "inserted": gettext_lazy(
        "Event #%(event)s was inserted after its place in the chain was sealed."
    ),
    "seal": gettext_lazy(
        "Seal #%(seal)s does not match its events: rows of the chain were altered."
    ),
    "export": gettext_lazy(
        "Seal #%(seal)s in the database does not match the exported seal: the chain was rewritten."
    ),
}


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit status 1 on any change, deletion, insertion."

    def add_arguments(self, parser):
        parser.add_argument("--seal", help="a seal exported by export_audit_seal, to compare with")

    def handle(self, *args, **opts):
        exported = None
        if opts["seal"]:
            try:
                with open(opts["seal"], encoding="utf-8") as fh:
                    exported = json.load(fh)
            except (OSError, ValueError) as exc:
                raise CommandError(_("Cannot read the exported seal: %s") % exc) from exc
        report = verify(exported=exported)
        for problem in report.problems:
            message = str(MESSAGES[problem.kind]) % {
                "event": problem.event_id,
                "seal": problem.seal_id,
            }
            self.stderr.write(f"{problem.kind}: {message}")
        summary = _("%(seals)s seals, %(events)s sealed events checked") % {
            "seals": report.seals,
            "events": report.events,
        }
        if report.latest is not None:
            summary += "; " + _("latest seal #%(seal)s up to event #%(last)s, hash %(hash)s") % {
                "seal": report.latest.pk,
                "last": report.latest.last_event_id,
                "hash": report.latest.chain_hash,
            }
        if report.pending:
            summary += "; " + _("%(count)s recent events not sealed yet") % {
                "count": report.pending
            }
        self.stdout.write(summary)
        if not report.ok:
            raise CommandError(
                _("The audit trail failed verification: %(count)s problems.")
                % {"count": len(report.problems)},
                returncode=1,
            )
        self.stdout.write(_("The audit trail is intact."))
