"""The criteria's notes are Vietnamese, and a reload brings the Vietnamese
text to a database loaded from the English file of an earlier release,
leaving an administrator's own notes alone."""

from django.test import TestCase

from treem.audit.models import Action, AuditEvent
from treem.reports.models import Criterion
from treem.reports.services.criteria import ENGLISH_NOTES, load_child_friendly_criteria


class CriteriaNotesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_child_friendly_criteria()

    def test_no_criterion_carries_an_english_note(self):
        notes = set(Criterion.objects.values_list("notes", flat=True))
        self.assertFalse(notes & ENGLISH_NOTES)
        self.assertIn("bảng điểm chưa kiểm chứng", notes)

    def test_a_reload_replaces_the_english_notes_of_an_older_database(self):
        Criterion.objects.filter(number=2).update(notes="point table not verified")
        Criterion.objects.filter(number=7).update(notes="Ghi chú của quản trị viên")
        load_child_friendly_criteria()
        self.assertEqual(Criterion.objects.get(number=2).notes, "bảng điểm chưa kiểm chứng")
        self.assertEqual(Criterion.objects.get(number=7).notes, "Ghi chú của quản trị viên")
        self.assertTrue(
            AuditEvent.objects.filter(
                action=Action.UPDATE, subject_type="reports.criterion", changes__has_key="notes"
            ).exists()
        )
