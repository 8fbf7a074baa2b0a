"""compilemessages without GNU gettext: a fresh machine has only Python."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def po_files():
    """The project's catalogue and each app's own (apps keep their strings apart)."""
    roots = [Path(root) for root in settings.LOCALE_PATHS]
    roots += sorted(Path(settings.BASE_DIR).glob("treem/*/locale"))
    for root in roots:
        yield from sorted(root.glob("*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "Compile every .po file (project and apps) to .mo (pure Python)."

    def handle(self, *args, **options):
        count = 0
        for po_path in po_files():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            count += 1
        self.stdout.write(f"translations compiled: {count}")
