"""Delete the register rows of linkage runs older than the retention period, audited.

    python manage.py purge_register_rows [--days N]

The period is settings.POPULATION_REGISTER_RETENTION_DAYS (30 days by default; Law 91/2025:
personal data kept no longer than the purpose needs). Every link run also purges at its end;
this command is for a cron job on a server that runs none for a while.
"""

from django.core.management.base import BaseCommand

from treem.population.services import purge_register_rows, retention_days


class Command(BaseCommand):
    help = "Delete register rows of linkage runs past their retention period (audited)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, **opts):
        days = retention_days() if opts["days"] is None else opts["days"]
        done = purge_register_rows(days=days)
        for run, rows in done:
            self.stdout.write(
                f"run {run.pk} ({run.created_at:%Y-%m-%d}): {rows} register rows deleted"
            )
        self.stdout.write(f"{len(done)} runs purged (retention {days} days)")
