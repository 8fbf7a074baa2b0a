"""Print the latest seal of the audit trail as JSON, to keep outside the
database (mail it, print it, store it elsewhere): `verify_audit --seal FILE`
then shows whether the chain in the database still ends as it did.

    python manage.py export_audit_seal [--output FILE]
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from treem.audit.chain import export_seal
from treem.audit.models import AuditSeal


class Command(BaseCommand):
    help = "Print the latest audit seal as JSON, to be kept outside the database."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="write to this file instead of the standard output")

    def handle(self, *args, **opts):
        seal = AuditSeal.objects.order_by("-id").first()
        if seal is None:
            raise CommandError(_("The audit trail has no seal yet: run seal_audit first."))
        text = json.dumps(export_seal(seal), indent=2)
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        else:
            self.stdout.write(text)
