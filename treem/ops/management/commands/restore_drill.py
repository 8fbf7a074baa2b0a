"""The two steps of the restore drill (.ci/restore-drill) that need the
application: `prepare` attaches generated case documents to a case, as an
officer would; `fingerprint` prints, as JSON, every table's row count and,
field by field, a child, a case with its attachments (with each file's
sha256) and the generated documents, so that the source and the restored
database can be compared with `diff`.

    python manage.py restore_drill prepare
    python manage.py restore_drill fingerprint > FILE.json

A test tool: it reads personal data, so it runs only with TREEM_DEMO=1 or
DEBUG=1, like seed_demo.
"""

import hashlib
import json

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count

from treem.cases.documents import filename, render_docx
from treem.cases.models import Attachment, Case
from treem.cases.services.work import add_attachment
from treem.children.models import Child
from treem.ops.backup import database_counts

DRILL_NOTE = "restore drill"


def _case():
    """The drill's case: the one with the drill's documents, else the first
    case with an assigned officer."""
    cases = Case.objects.exclude(assigned_officer=None).order_by("pk")
    with_docs = (
        cases.filter(attachments__description=DRILL_NOTE)
        .annotate(n=Count("attachments"))
        .order_by("-n", "pk")
    )
    return with_docs.first() or cases.first()


def _row(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _sha256(field_file):
    with field_file.open("rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


class Command(BaseCommand):
    help = "Steps of the restore drill: prepare (attach documents) and fingerprint (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("step", choices=["prepare", "fingerprint"])

    def handle(self, *args, step, **opts):
        if not (getattr(settings, "DEMO", False) or settings.DEBUG):
            raise CommandError("restore_drill runs only with TREEM_DEMO=1 or DEBUG=1.")
        case = _case()
        if case is None:
            raise CommandError("No case with an assigned officer: run seed_demo first.")
        if step == "prepare":
            for number in (1, 2):
                content = render_docx(case, number)
                upload = SimpleUploadedFile(filename(case, number, "docx"), content)
                add_attachment(case, upload, actor=case.assigned_officer, description=DRILL_NOTE)
            self.stdout.write(f"case {case.pk}: 2 generated documents attached")
            return
        attachments = [
            {**_row(a), "file_sha256": _sha256(a.file)}
            for a in Attachment.objects.filter(case=case).order_by("pk")
        ]
        if not any(a["description"] == DRILL_NOTE for a in attachments):
            raise CommandError("The drill's case has no generated document: run prepare first.")
        child = Child.objects.get(pk=case.child_id) if case.child_id else None
        fingerprint = {
            "tables": database_counts(connection.settings_dict),
            "case": _row(case),
            "attachments": attachments,
            "child": _row(child) if child else None,
        }
        self.stdout.write(json.dumps(fingerprint, indent=1, sort_keys=True, default=str))
