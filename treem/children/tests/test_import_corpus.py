"""Every file of the import corpus (tests/import_corpus) is handled: refused
whole with a Vietnamese message, refused row by row, or imported; never a
crash, and nothing written unless the whole file is valid."""

import tempfile
from pathlib import Path

from treem.audit.models import AuditEvent
from treem.children.importer import FileProblem, import_file
from treem.children.models import Caregiver, Child
from treem.children.tests.base import RegistryTestCase
from treem.children.tests.import_corpus import CASES, write_corpus


class ImportCorpusTests(RegistryTestCase):
    def setUp(self):
        self.tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))

    def counts(self):
        return (Child.objects.count(), Caregiver.objects.count(), AuditEvent.objects.count())

    def test_every_file_of_the_corpus_is_handled(self):
        folder = write_corpus(self.tmp)
        for case in CASES:
            with self.subTest(file=case.name):
                before = self.counts()
                kind, *expected = case.expect
                path = folder / case.name
                if kind == "file":
                    with self.assertRaises(FileProblem) as caught:
                        import_file(path, actor=self.officer_a, write=True)
                    self.assertIn(expected[0], str(caught.exception))
                    self.assertEqual(self.counts(), before)
                    continue
                report = import_file(path, actor=self.officer_a, write=True)
                if kind == "rows":
                    self.assertEqual({(e.row, e.key) for e in report.errors}, expected[0])
                    self.assertFalse(report.written)
                    self.assertEqual(self.counts(), before)
                    for error in report.errors:
                        # Vietnamese, and short enough to read in the report.
                        self.assertNotRegex(error.message, r"^[A-Za-z ,.:]+$")
                        self.assertLess(len(error.message), 400)
                else:
                    self.assertTrue(report.ok, report.errors)
                    self.assertEqual(report.imported, expected[0])
                    self.assertEqual(report.ignored_columns, case.ignored)
                    # The next case may reuse the same IDs and names.
                    Child.objects.filter(pk__in=self.imported(before[0])).delete()

    def imported(self, count_before):
        return Child.objects.order_by("-pk").values_list("pk", flat=True)[
            : Child.objects.count() - count_before
        ]
