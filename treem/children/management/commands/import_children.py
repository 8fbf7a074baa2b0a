"""Import children from a file in the import template (docs/import-template.md).

Without --user the import runs as the system: any ward of the registry is
accepted and the audit events carry no actor. With --user the user's
EDIT_PERSONAL scope applies, as on the import page.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.children.importer import FileProblem, import_file


def summary_line(report):
    """The one-line outcome, in Vietnamese, with the ignored columns the
    template promises to list (docs/import-template.md)."""
    line = _(
        "%(rows)s rows, %(valid)s valid, %(errors)s with errors, %(warnings)s possible duplicates"
    ) % {
        "rows": report.rows,
        "valid": report.valid,
        "errors": len(report.error_rows),
        "warnings": len(report.warnings),
    }
    if report.written:
        line = _("%(summary)s; imported %(count)s children.") % {
            "summary": line,
            "count": report.imported,
        }
    elif report.errors:
        line = _("%(summary)s; nothing written.") % {"summary": line}
    else:
        line = _("%(summary)s; dry run, nothing written.") % {"summary": line}
    if report.ignored_columns:
        line += " " + _("Ignored columns: %(columns)s.") % {
            "columns": ", ".join(report.ignored_columns)
        }
    return line


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
                raise CommandError(
                    _("%(user)s: no such user with the right to edit.") % {"user": options["user"]}
                )
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
        row = _("row %(row)s")
        warning = _("(warning)")
        for issue in report.errors:
            self.stderr.write(f"{row % {'row': issue.row}}\t{issue.column}\t{issue.message}")
        for issue in report.warnings:
            self.stderr.write(
                f"{row % {'row': issue.row}}\t{issue.column}\t{warning} {issue.message}"
            )
        line = summary_line(report)
        if report.errors and not report.written:
            raise CommandError(line)
        self.stdout.write(line)
