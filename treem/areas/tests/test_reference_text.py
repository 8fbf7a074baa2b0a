"""Text shown to users from the reference data (areas, successions,
agencies) is Vietnamese, and reloading the reference files brings the
current text to a database loaded with an older one."""

import re

from treem.agencies.models import Agency
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, UnitSuccession
from treem.areas.services import load_areas
from treem.audit.models import Action, AuditEvent
from treem.core.testing import PersonaTestCase

# Words that are English and never Vietnamese (no "to", "in", "an": those
# are Vietnamese words too).
ENGLISH = {
    "the",
    "of",
    "and",
    "from",
    "by",
    "with",
    "as",
    "above",
    "under",
    "into",
    "not",
    "was",
    "were",
    "has",
    "have",
    "is",
    "are",
    "press",
    "reported",
    "composition",
    "verified",
    "official",
    "text",
    "level",
    "abolished",
    "merged",
    "former",
    "town",
    "city",
    "list",
    "units",
    "unit",
    "appendix",
    "code",
    "province",
    "department",
    "dissolved",
    "child",
    "children",
    "affairs",
    "health",
    "labour",
    "labor",
    "plan",
    "section",
    "successor",
    "function",
    "offices",
    "decree",
    "handles",
    "board",
    "boards",
    "merger",
    "reorganisation",
    "police",
    "district",
    "ward",
    "wards",
}


def english_words(text):
    return sorted({w for w in re.findall(r"[a-z]+", (text or "").lower()) if w in ENGLISH})


class ReferenceTextTests(PersonaTestCase):
    def assert_vietnamese(self, rows, fields):
        found = []
        for obj in rows:
            for name in fields:
                words = english_words(getattr(obj, name))
                if words:
                    found.append(f"{obj} {name}: {getattr(obj, name)!r} {words}")
        self.assertEqual(found, [])

    def test_areas_and_their_successions_read_in_vietnamese(self):
        self.assert_vietnamese(AdminUnit.objects.all(), ["name", "source"])
        self.assert_vietnamese(UnitSuccession.objects.all(), ["source"])

    def test_agencies_read_in_vietnamese(self):
        self.assert_vietnamese(Agency.objects.all(), ["name", "short_name", "source"])

    def test_the_check_finds_english(self):
        self.assertEqual(
            english_words("as above; composition reported by press"),
            [
                "above",
                "as",
                "by",
                "composition",
                "press",
                "reported",
            ],
        )

    def test_reloading_brings_the_current_text_to_an_older_database(self):
        old = "two-tier local government from 2025-07-01; composition reported by press"
        # A database loaded from the English files of an earlier release.
        AdminUnit.objects.filter(pk=self.ward_a.pk).update(source=old)
        UnitSuccession.objects.filter(predecessor=self.former_a).update(
            source="NQ 1243/NQ-UBTVQH15 list (33 units from 2024-12-01)"
        )
        Agency.objects.filter(pk=self.police_a.pk).update(source="as above")
        events = AuditEvent.objects.count()
        load_areas()
        load_agencies()
        self.ward_a.refresh_from_db()
        self.assertIn("chính quyền địa phương hai cấp", self.ward_a.source)
        self.assert_vietnamese(UnitSuccession.objects.filter(successor=self.ward_a), ["source"])
        self.assertEqual(Agency.objects.get(pk=self.police_a.pk).source, "")
        # Each correction is audited like any other change.
        self.assertTrue(
            AuditEvent.objects.filter(pk__gt=0, action=Action.UPDATE)
            .filter(subject_type="areas.adminunit", subject_id=str(self.ward_a.pk))
            .exists()
        )
        self.assertGreater(AuditEvent.objects.count(), events)
