"""Import children from a file in the import template (docs/import-template.md).

Without --user the import runs as the system: any ward of the registry is
accepted and the audit events carry no actor. With --user the user's
EDIT_PERSONAL scope applies, as on the import page.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.children.importer import FileProblem, import_file


class Command(BaseCommand):
    help = "Check and import children from a .xlsx or .csv file in the import template."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument("--ward", default="", help="Ward for rows whose ward cell is empty.")
        parser.add_argument("--user", default="", help="Import as this user (their scope applies).")
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="Write the valid rows even if other rows have errors.",
        )

    def handle(self, *args, **options):
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None or not has_perm(actor, Perm.EDIT_PERSONAL):
                raise CommandError(f"{options['user']}: no such user with the right to edit.")
        try:
            report = import_file(
                options["file"],
                actor=actor,
                write=not options["dry_run"],
                valid_only=options["valid_only"],
                default_ward=options["ward"],
                note=f"import_children {options['file']}",
            )
        except (FileProblem, OSError) as exc:
            raise CommandError(str(exc)) from None
        for issue in report.errors:
            self.stderr.write(f"dòng {issue.row}\t{issue.column}\t{issue.message}")
        for issue in report.warnings:
            self.stderr.write(f"dòng {issue.row}\t{issue.column}\t(cảnh báo) {issue.message}")
        summary = (
            f"{report.rows} rows, {report.valid} valid, {len(report.error_rows)} with errors, "
            f"{len(report.warnings)} possible duplicates"
        )
        if report.written:
            self.stdout.write(f"{summary}; imported {report.imported} children.")
            return
        if report.errors:
            raise CommandError(f"{summary}; nothing written.")
        self.stdout.write(f"{summary}; dry run, nothing written.")
