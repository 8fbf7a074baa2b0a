"""Apply the retention rules (treem/privacy):

    python manage.py apply_retention [--dry-run]

The dry run prints what each rule would do and changes nothing. A real run
archives, pseudonymises or deletes as each rule says, in one transaction,
and writes one audit event per record plus one for the run. Audit events
themselves are never deleted (they are hash-chained)."""

from django.core.management.base import BaseCommand, CommandError

from treem.privacy.services import RetentionError, apply_retention


class Command(BaseCommand):
    help = "Apply the retention rules for personal data (Law 91/2025/QH15 Art. 14)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count only: change nothing.")

    def handle(self, *args, dry_run=False, **options):
        try:
            run, results = apply_retention(actor=None, dry_run=dry_run)
        except RetentionError as exc:
            raise CommandError(str(exc)) from exc
        verb = "would" if dry_run else "did"
        for r in results:
            extra = f" ({r.detail['runs']} runs)" if "runs" in r.detail else ""
            cutoff = r.cutoff.date().isoformat() if r.cutoff else "-"
            self.stdout.write(f"{r.kind}: {verb} {r.action} {r.count}{extra}, older than {cutoff}")
        if run is not None:
            self.stdout.write(self.style.SUCCESS(f"retention run #{run.pk} recorded"))
        else:
            self.stdout.write("dry run: nothing changed")
