from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from treem.demo.seed import SEEDERS
from treem.demo.seed import seed as run_seed


class Command(BaseCommand):
    help = (
        "Load demo data (areas, agencies, residential groups, one account per role) and "
        "print the demo logins. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--children",
            type=int,
            default=None,
            help="number of children to generate (used by the registry)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="allow running outside the demo (never on a production database)",
        )

    def handle(self, *args, seed: int, children, force, **options):
        # The demo accounts share a published password: production settings
        # (neither TREEM_DEMO, which `make demo` sets, nor DEBUG) never get them.
        if not (getattr(settings, "DEMO", False) or settings.DEBUG or force):
            raise CommandError(
                "seed_demo creates accounts with a known password: it runs only "
                "with TREEM_DEMO=1 (as `make demo` sets it), with DEBUG=1, or with "
                "--force on a throw-away database."
            )
        logins, extra = run_seed(seed=seed, children=children)
        for line in logins + extra:
            self.stdout.write(line)
        if children and not SEEDERS:
            self.stderr.write(f"--children {children}: no installed app generates children yet.")
