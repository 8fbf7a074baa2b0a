from django.core.management.base import BaseCommand

from treem.indicators.refresh import refresh_full, refresh_incremental


class Command(BaseCommand):
    help = (
        "Refresh the analytics store of indicators: incrementally (the children changed "
        "since the last refresh) or, with --full, from scratch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="rebuild the whole store")
        parser.add_argument(
            "--since", type=int, default=None, help="first year kept (full refresh; default 2020)"
        )

    def handle(self, *args, full, since, **options):
        if full or since:
            state = refresh_full(first_year=since)
            kind = "full"
        else:
            state = refresh_incremental()
            kind = "full" if state.full_at == state.refreshed_at else "incremental"
        self.stdout.write(
            f"{kind} refresh: {state.children_changed} children, years "
            f"{state.first_year}-{state.last_year}, {state.seconds:.2f} s"
        )
