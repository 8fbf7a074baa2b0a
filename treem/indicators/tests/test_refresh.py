"""The incremental refresh counts exactly what a full refresh counts."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from treem.children.models import CircumstanceEpisode, CodeKind
from treem.children.services import add_circumstance, end_episode
from treem.children.services.registry import change_status, move_child, update_child
from treem.indicators.models import Aggregate, RefreshState
from treem.indicators.refresh import refresh_full, refresh_incremental

from .helpers import D, IndicatorTestCase, code, make_child


def store():
    return {
        (a.period, a.unit_id, a.measure, a.sex, a.age, a.group): a.value
        for a in Aggregate.objects.all()
        if a.value
    }


class RefreshTests(IndicatorTestCase):
    def change_registry(self):
        update_child(self.a2, actor=None, data={"personal_id": None, "school_level": "nursery"})
        move_child(self.a4, actor=None, unit=self.group_b, ward=self.ward_b)
        change_status(self.a1, "deceased", actor=None, on=D(2025, 10, 1))
        episode = CircumstanceEpisode.objects.get(child=self.a3)
        end_episode(episode, actor=None, ended_on=D(2024, 12, 31))
        add_circumstance(
            self.b[0],
            actor=None,
            code=code(CodeKind.CIRCUMSTANCE_GROUP, "h"),
            started_on=D(2025, 5, 1),
        )
        make_child(self.ward_b, self.ward_b, D(2024, 4, 4), "M", with_id=True)

    def test_incremental_refresh_equals_a_full_refresh(self):
        # The watermark must be before the changes.
        RefreshState.objects.update(refreshed_at=timezone.now() - datetime.timedelta(seconds=1))
        self.change_registry()
        state = refresh_incremental()
        self.assertGreaterEqual(state.children_changed, 6)
        incremental = store()
        refresh_full()
        self.assertEqual(incremental, store())

    def test_incremental_refresh_with_no_change_changes_nothing(self):
        before = store()
        state = refresh_incremental()
        self.assertEqual(state.children_changed, 0)
        self.assertEqual(before, store())

    def test_a_new_year_forces_a_full_refresh(self):
        RefreshState.objects.update(last_year=2020)
        state = refresh_incremental()
        self.assertEqual(state.last_year, timezone.localdate().year)
        self.assertEqual(state.full_at, state.refreshed_at)

    def test_command_runs_full_and_incremental(self):
        out = StringIO()
        call_command("refresh_indicators", "--full", stdout=out)
        call_command("refresh_indicators", stdout=out)
        self.assertIn("full", out.getvalue())
        self.assertIn("incremental", out.getvalue())

    def test_a_finished_registry_import_refreshes_the_store(self):
        from treem.jobs.models import Job

        RefreshState.objects.update(refreshed_at=timezone.now() - datetime.timedelta(seconds=1))
        make_child(self.ward_b, self.ward_b, D(2024, 4, 4), "M", with_id=True)
        with self.captureOnCommitCallbacks(execute=True):
            Job.objects.create(
                kind="children_import",
                title="Nhập",
                status=Job.Status.DONE,
                created_by=self.officer_a,
            )
        self.assertGreaterEqual(RefreshState.objects.get().children_changed, 1)
        born_2024 = Aggregate.objects.filter(period="2025", unit=self.ward_b, age=1)
        self.assertEqual(sum(a.value for a in born_2024.filter(measure="population")), 1)
