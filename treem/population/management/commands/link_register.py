"""Link children with a population register extract: a stable command-line contract.

    python manage.py link_register --register REGISTER.csv [--children CHILDREN.csv] \
        --output MATCHES.csv [--auto 0.99] [--review 0.5] [--train/--no-train]

REGISTER.csv: person_id,full_name,date_of_birth,sex,mother_name,father_name,ward.
CHILDREN.csv: record_id,personal_id,full_name,date_of_birth,sex,mother_name,father_name,ward;
without it, the registry in the database is linked (record_id is the child's record number).
MATCHES.csv: record_id,person_id,match_probability,decision (auto, review or none),reason (why a
review: homonym, close or score), one row per record. Progress goes to stderr; a malformed file
stops the command with a non-zero exit.
"""

import argparse
import time
from pathlib import Path

import pandas as pd
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from treem.population import readers
from treem.population.linkage import Thresholds, WardResolver, link
from treem.population.linkage.engine import REASON_HOMONYM
from treem.population.services import children_frame, register_frame


class Command(BaseCommand):
    help = "Link children with a population register extract (Splink, DuckDB)."

    def add_arguments(self, parser):
        parser.add_argument("--register", required=True, type=Path)
        parser.add_argument("--children", type=Path)
        parser.add_argument("--output", required=True, type=Path)
        defaults = self._default_thresholds()
        parser.add_argument("--auto", type=float, default=defaults.auto)
        parser.add_argument("--review", type=float, default=defaults.review)
        parser.add_argument("--margin", type=float, default=defaults.margin)
        parser.add_argument(
            "--train",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="train with Splink's estimators (default: when there are 5,000 records or more)",
        )

    @staticmethod
    def _default_thresholds():
        try:
            from treem.population.models import LinkageSettings

            s = LinkageSettings.current()
            return Thresholds(s.auto_threshold, s.review_threshold, s.margin)
        except Exception:  # no database yet: the documented defaults
            return Thresholds()

    def _progress(self, began):
        def report(fraction, stage):
            elapsed = time.perf_counter() - began
            self.stderr.write(f"[{elapsed:7.1f} s] {int(fraction * 100):3d}% {stage}")
            self.stderr.flush()

        return report

    def handle(self, *args, **opts):
        began = time.perf_counter()
        progress = self._progress(began)
        try:
            thresholds = Thresholds(opts["auto"], opts["review"], opts["margin"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        for option in ("register", "children", "output"):
            if opts[option] is not None:
                opts[option] = Path(opts[option])  # call_command passes text
        for option in ("register", "children"):
            path = opts[option]
            if path is not None and not path.is_file():
                raise CommandError(
                    _("--%(option)s: file not found: %(path)s") % {"option": option, "path": path}
                )
        progress(0.0, f"reading {opts['register']}")
        try:
            register = readers.read_register(opts["register"])
        except readers.FileProblem as exc:
            raise CommandError(f"{opts['register']}: {exc}") from None
        if opts["children"]:
            progress(0.01, f"reading {opts['children']}")
            try:
                rows = readers.read_children(opts["children"])
            except readers.FileProblem as exc:
                raise CommandError(f"{opts['children']}: {exc}") from None
            children = pd.DataFrame(rows).rename(columns={"record_id": "unique_id"})
        else:
            from treem.children.models import Child, Status
            from treem.population.services.runs import CHUNK

            progress(0.01, "reading the registry")
            records = (
                Child.objects.exclude(status=Status.MERGED)
                .select_related("ward")
                .prefetch_related("caregiver_links__caregiver", "caregiver_links__relation")
            )
            children = children_frame(records.iterator(chunk_size=CHUNK))
            if children.empty:
                raise CommandError(_("The registry holds no children to link."))
        ward_key = WardResolver.load()
        progress(0.02, f"ward successions: {ward_key.source}")
        result = link(
            register_frame(register),
            children,
            thresholds=thresholds,
            ward_key=ward_key,
            train=opts["train"],
            progress=progress,
        )
        opts["output"].parent.mkdir(parents=True, exist_ok=True)
        with opts["output"].open("w", encoding="utf-8", newline="") as fh:
            readers.write_matches(result.matches.to_dict("records"), fh)
        counts = result.matches["decision"].value_counts().to_dict()
        self.stderr.write(
            f"{len(result.matches)} records: {counts.get('auto', 0)} auto, "
            f"{counts.get('review', 0)} review, {counts.get('none', 0)} none → {opts['output']}"
        )
        reviews = result.matches[result.matches["decision"] == "review"]
        homonyms = reviews[reviews["reason"] == REASON_HOMONYM]
        if len(homonyms):
            # Issue 18: a namesake is never linked without review; say so, record by record.
            self.stderr.write(
                f"{len(homonyms)} sent to review because only the name, date of birth and sex "
                "agree (no ID, no parent): " + ", ".join(homonyms["record_id"].head(20))
            )
