"""Migration 0003 moves the ward assessments onto the criteria engine: on
the demo's ward assessments, going back to the schema before the sets and
forward again leaves every criterion, item, threshold, assessment and score
as it was, now in the QĐ 06 set."""

import importlib

from django.apps import apps as global_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from treem.areas.services import load_areas
from treem.reports.demo import seed_assessments
from treem.reports.models import Assessment, CriteriaSet, Criterion, CriterionItem, Threshold
from treem.reports.services.criteria import WARD_SET

migration = importlib.import_module("treem.reports.migrations.0003_attach_to_qd06")
BEFORE = [("reports", "0002_criteria_sets")]


def picture():
    """Everything the ward assessment holds, without ids of the sets."""
    return {
        "criteria": list(
            Criterion.objects.order_by("number").values_list("number", "name", "max_points")
        ),
        "items": list(
            CriterionItem.objects.order_by("code").values_list(
                "code", "criterion__number", "max_points", "target_value"
            )
        ),
        "thresholds": list(Threshold.objects.values_list("code", "min_total", "is_default")),
        "assessments": [
            (
                a.unit_id,
                a.year,
                a.threshold.code,
                a.status,
                a.total_points,
                a.zero_criteria,
                sorted((s.item.code, s.points, s.evidence) for s in a.scores.all()),
            )
            for a in Assessment.objects.select_related("threshold").prefetch_related("scores__item")
        ],
    }


class AttachToWardSetTests(TransactionTestCase):
    def setUp(self):
        load_areas()
        seed_assessments(None, {})
        self.assertTrue(Assessment.objects.exists())
        self.expected = picture()

    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor

    def test_the_demo_ward_assessments_survive_the_move_onto_the_engine(self):
        latest = MigrationExecutor(connection).loader.graph.leaf_nodes("reports")
        executor = self.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        OldAssessment = old.get_model("reports", "Assessment")
        OldCriterion = old.get_model("reports", "Criterion")
        # Before the engine: rows without a set, and no set at all.
        self.assertEqual(OldCriterion.objects.filter(criteria_set__isnull=False).count(), 0)
        self.assertEqual(old.get_model("reports", "CriteriaSet").objects.count(), 0)
        count = OldAssessment.objects.count()

        self.migrate(latest)
        ward_set = CriteriaSet.objects.get(code=WARD_SET)
        self.assertEqual(ward_set.kind, "ward")
        self.assertTrue(ward_set.source)
        for model in (Criterion, CriterionItem, Threshold, Assessment):
            self.assertFalse(model.objects.exclude(criteria_set=ward_set).exists(), model)
        self.assertEqual(Assessment.objects.filter(kind="ward").count(), count)
        self.assertEqual(picture(), self.expected)
        self.assertEqual(
            CriterionItem.objects.get(code="11.1").evidence_source, "activities.forums"
        )

    def test_attaching_again_changes_nothing(self):
        self.assertEqual(migration.attach(global_apps), 0)
        self.assertEqual(CriteriaSet.objects.count(), 1)
        self.assertEqual(picture(), self.expected)
