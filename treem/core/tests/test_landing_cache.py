"""The registry's figures on the landing page are counted at most about once
a minute per scope (issue 19): cached under a key holding everything they
depend on, counted again when a write marks the ward changed and the figures
are over a minute old, or when the user asks; never shared between scopes."""

from unittest import mock

from treem.children import landing
from treem.children.services import create_child
from treem.children.tests.base import RegistryTestCase, child_data
from treem.core import landing as core_landing

REGISTRY = "children/landing.html"


class RegistryFiguresCacheTests(RegistryTestCase):
    def setUp(self):
        self.now = 1_800_000_000.0
        clock = mock.patch.object(core_landing.time, "time", side_effect=lambda: self.now)
        clock.start()
        self.addCleanup(clock.stop)
        counter = mock.patch.object(landing, "_count", wraps=landing._count)
        self.count = counter.start()
        self.addCleanup(counter.stop)

    def figures(self, user, path="/"):
        page = self.login(user).get(path)
        self.assertEqual(page.status_code, 200)
        section = next(s for s in page.context["sections"] if s["template"] == REGISTRY)
        return section["figures"]

    def register_in_ward_a(self):
        with self.captureOnCommitCallbacks(execute=True):
            create_child(
                actor=self.officer_a,
                unit=self.group_a,
                ward=self.ward_a,
                data=child_data(family="Phan", given="Bình", dob=(2019, 4, 5)),
            )

    def test_a_second_visit_within_the_minute_does_not_count_again(self):
        self.figures(self.officer_a)
        self.now += 30
        self.figures(self.officer_a)
        self.assertEqual(self.count.call_count, 1)

    def test_the_page_says_when_the_figures_were_counted_and_offers_to_count_again(self):
        page = self.login(self.officer_a).get("/")
        self.assertContains(page, "Số liệu lúc")
        self.assertContains(page, "?recount=registry#registry-counted")

    def test_a_registration_is_counted_once_the_figures_are_a_minute_old(self):
        before = self.figures(self.officer_a)["total"]
        self.register_in_ward_a()
        self.now += 10
        self.assertEqual(self.figures(self.officer_a)["total"], before)
        self.now += core_landing.FRESH
        self.assertEqual(self.figures(self.officer_a)["total"], before + 1)

    def test_figures_without_a_write_are_kept_until_they_are_fifteen_minutes_old(self):
        self.figures(self.officer_a)
        self.now += core_landing.FRESH + 1
        self.figures(self.officer_a)
        self.assertEqual(self.count.call_count, 1)
        self.now += core_landing.MAX_AGE
        self.figures(self.officer_a)
        self.assertEqual(self.count.call_count, 2)

    def test_a_write_in_another_ward_leaves_the_wards_figures_alone(self):
        self.figures(self.officer_b)
        self.register_in_ward_a()
        self.now += core_landing.FRESH + 1
        self.figures(self.officer_b)
        self.assertEqual(self.count.call_count, 1)

    def test_a_write_in_any_ward_marks_the_province_figures(self):
        before = self.figures(self.province_officer)["total"]
        self.register_in_ward_a()
        self.now += core_landing.FRESH + 1
        self.assertEqual(self.figures(self.province_officer)["total"], before + 1)

    def test_asking_to_count_again_is_honoured_at_most_every_ten_seconds(self):
        self.figures(self.officer_a)
        self.now += 5
        self.figures(self.officer_a, "/?recount=registry")
        self.assertEqual(self.count.call_count, 1)
        self.now += core_landing.RECOUNT_MIN
        self.figures(self.officer_a, "/?recount=registry")
        self.assertEqual(self.count.call_count, 2)

    def test_users_of_different_scopes_or_permissions_never_share_figures(self):
        # Each user's figures cached first, then each read back from the cache:
        # every one must be what a fresh count for that user gives.
        users = [self.officer_a, self.officer_b, self.collaborator_a, self.province_officer]
        fresh = {u.username: self.figures(u) for u in users}
        self.assertEqual(fresh["alice"]["total"], 2)
        self.assertEqual(fresh["bob"]["total"], 1)
        self.assertEqual(fresh["tinh"]["total"], 3)
        # The collaborator sees one residential group and no sensitive group
        # (child_a's HIV episode), and gets no data-quality checks.
        self.assertEqual(fresh["dung"]["total"], 1)
        self.assertEqual(fresh["dung"]["special"], 0)
        self.assertNotIn("q_no-id", fresh["dung"])
        self.assertEqual(fresh["alice"]["special"], 2)
        self.assertEqual(self.count.call_count, len(users))
        for user in users:
            self.assertEqual(self.figures(user), fresh[user.username], user.username)
        self.assertEqual(self.count.call_count, len(users))

    def test_the_key_holds_the_scope_the_permission_and_the_checks(self):
        keys = set()
        for user in (self.officer_a, self.officer_b, self.collaborator_a, self.province_officer):
            with mock.patch.object(landing, "cached_figures") as cached:
                cached.return_value = {"counted_at": self.now, "figures": {}}
                request = mock.Mock(user=user, GET={})
                landing.registry_figures(request, sensitive=True, checks=[])
                landing.registry_figures(request, sensitive=False, checks=[])
                keys |= {c.args[0] for c in cached.call_args_list}
        self.assertEqual(len(keys), 8)


class ColdStartTests(RegistryTestCase):
    """With nothing cached, one request counts a scope's figures and the
    others wait for its count (fifty officers at eight in the morning kept
    every worker counting the same figures: bench/README.md)."""

    def test_a_request_waits_for_the_count_another_is_making(self):
        from django.core.cache import cache

        key = "landing:test:cold"
        cache.add(f"{key}:lock", 1, 60)  # another worker is counting

        def other_worker_finishes(seconds):
            cache.set(key, {"counted_at": 1.0, "figures": {"total": 7}})

        count = mock.Mock(return_value={"total": 8})
        with mock.patch.object(core_landing.time, "sleep", side_effect=other_worker_finishes):
            entry = core_landing.cached_figures(key, ["m"], count)
        self.assertEqual(entry["figures"], {"total": 7})
        count.assert_not_called()

    def test_a_request_counts_itself_when_the_other_count_is_gone(self):
        from django.core.cache import cache

        key = "landing:test:gone"
        cache.add(f"{key}:lock", 1, 60)

        def other_worker_dies(seconds):
            cache.delete(f"{key}:lock")

        count = mock.Mock(return_value={"total": 8})
        with mock.patch.object(core_landing.time, "sleep", side_effect=other_worker_dies):
            entry = core_landing.cached_figures(key, ["m"], count)
        self.assertEqual(entry["figures"], {"total": 8})
        self.assertIsNone(cache.get(f"{key}:lock"))
