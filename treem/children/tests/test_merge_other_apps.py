"""A merge moves the rows other apps keep about a child (registered with the
merge service in their AppConfig.ready) and refuses what cannot both stay."""

import datetime

from treem.assistance.merge import overlapping_allowances
from treem.assistance.models import AllowanceDecision, AllowancePayment, Injury
from treem.assistance.services import generate_payments, record_injury
from treem.assistance.tests.base import AssistanceTestCase, new_child
from treem.audit.models import AuditEvent
from treem.children.models import MergeProposal, Status
from treem.children.services.merge import confirm_merge, propose_merge
from treem.children.services.registry import RegistryError
from treem.places.models import FacilityChild
from treem.places.services import add_child_in_care, load_place_data
from treem.places.tests.base import new_place


class MergeMovesOtherAppsTests(AssistanceTestCase):
    def merge(self, keep, drop):
        proposal = propose_merge(keep, drop, actor=self.officer_a)
        return confirm_merge(proposal, actor=self.approver_a)

    def test_allowance_decision_payments_and_injuries_follow_the_kept_record(self):
        decision = self.decide(starts_on=datetime.date(2024, 5, 1))
        self.assertEqual(generate_payments(datetime.date(2024, 5, 1), actor=None), 1)
        injury = record_injury(
            self.orphan,
            actor=None,
            occurred_on=datetime.date(2024, 1, 5),
            place_type="water",
            cause="drowning",
            severity="severe",
            outcome="recovered",
        )
        keep = new_child(self.ward_a, self.group_a, given="Bình", dob=datetime.date(2020, 8, 15))
        # The record that holds the allowance is the one dropped.
        self.merge(keep, self.orphan)

        decision.refresh_from_db()
        self.assertEqual(decision.child, keep)
        self.assertEqual(AllowancePayment.objects.get().child, keep)
        self.assertEqual(Injury.objects.get(pk=injury.pk).child, keep)
        # Payments go on for the record kept, not stop with the merged one.
        self.assertEqual(generate_payments(datetime.date(2024, 6, 1), actor=None), 1)
        self.assertEqual(
            AllowancePayment.objects.filter(month=datetime.date(2024, 6, 1)).get().child, keep
        )
        event = AuditEvent.objects.filter(changes__has_key="moved").latest("pk")
        moved = event.changes["moved"]["new"]
        self.assertEqual(moved["assistance.allowancedecision"], 1)
        self.assertEqual(moved["assistance.allowancepayment"], 1)
        self.assertEqual(moved["assistance.injury"], 1)

    def test_allowances_for_the_same_months_refuse_the_merge(self):
        self.decide(starts_on=datetime.date(2024, 5, 1), ends_on=datetime.date(2024, 12, 31))
        keep = new_child(self.ward_a, self.group_a, given="Bình", dob=datetime.date(2020, 8, 15))
        # Starts later in a month the first decision still pays.
        self.decide(keep, starts_on=datetime.date(2024, 12, 20), number="30/QĐ-UBND")
        proposal = propose_merge(keep, self.orphan, actor=self.officer_a)
        with self.assertRaises(RegistryError) as caught:
            confirm_merge(proposal, actor=self.approver_a)
        self.assertEqual(
            str(caught.exception), overlapping_allowances(keep, self.orphan) or "no overlap?"
        )
        self.orphan.refresh_from_db()
        proposal.refresh_from_db()
        self.assertEqual(self.orphan.status, Status.ACTIVE)
        self.assertEqual(proposal.state, MergeProposal.State.PROPOSED)
        self.assertEqual(AllowanceDecision.objects.filter(child=keep).count(), 1)

    def test_allowances_for_different_months_merge(self):
        self.decide(starts_on=datetime.date(2024, 5, 1), ends_on=datetime.date(2024, 11, 30))
        keep = new_child(self.ward_a, self.group_a, given="Bình", dob=datetime.date(2020, 8, 15))
        self.decide(keep, starts_on=datetime.date(2024, 12, 1), number="30/QĐ-UBND")
        self.merge(keep, self.orphan)
        self.assertEqual(AllowanceDecision.objects.filter(child=keep).count(), 2)

    def test_stays_in_care_move_and_two_open_stays_in_one_facility_refuse(self):
        load_place_data()
        facility = new_place(self.ward_a, code="social_protection", name="Trung tâm CTXH")
        other = new_place(self.ward_a, code="social_protection", name="Làng trẻ SOS")
        keep = new_child(self.ward_a, self.group_a, given="Bình", dob=datetime.date(2020, 8, 15))
        since = datetime.date(2025, 1, 1)
        stay = add_child_in_care(facility, self.orphan, actor=None, since=since)
        add_child_in_care(facility, keep, actor=None, since=since)
        proposal = propose_merge(keep, self.orphan, actor=self.officer_a)
        with self.assertRaises(RegistryError):
            confirm_merge(proposal, actor=self.approver_a)

        stay.delete()
        add_child_in_care(other, self.orphan, actor=None, since=since)
        confirm_merge(proposal, actor=self.approver_a)
        self.assertEqual(FacilityChild.objects.filter(child=keep).count(), 2)
        self.assertFalse(FacilityChild.objects.filter(child=self.orphan).exists())
