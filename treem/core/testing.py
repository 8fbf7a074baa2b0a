"""Personas for tests: one account per role, in two wards, built on the real
reference data (areas-vinh.csv and the starting agencies)."""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from treem.accounts.permissions import Role
from treem.accounts.services import assign_role, create_user
from treem.agencies.models import Agency
from treem.agencies.services import load_agencies
from treem.areas.models import AdminUnit, Level
from treem.areas.services import create_unit, load_areas

PASSWORD = "Mat-khau-thu-nghiem-1"


def make_user(username, role=None, unit=None, agency=None, **assignment):
    user = create_user(
        actor=None,
        username=username,
        password=PASSWORD,
        last_name="Nguyễn Văn",
        first_name=username.split("_")[0].title(),
    )
    if role:
        assign_role(
            user, role, actor=None, unit=unit, agency=agency, check_permission=False, **assignment
        )
    return user


class PersonaTestCase(TestCase):
    """Ward A is Trường Vinh (formed from Vinh Tân, Trường Thi…), ward B is
    Thành Vinh. Each test class gets the same cast."""

    @classmethod
    def setUpTestData(cls):
        load_areas()
        load_agencies()
        unit = AdminUnit.objects.get
        cls.province = unit(name="Nghệ An", level=Level.PROVINCE)
        cls.ward_a = unit(name="Trường Vinh", level=Level.WARD)
        cls.ward_b = unit(name="Thành Vinh", level=Level.WARD)
        cls.former_a = unit(name="Vinh Tân")  # a former unit, now part of ward A
        cls.group_a = create_unit(
            actor=None, name="Khối 1", level=Level.RESIDENTIAL_GROUP, parent=cls.ward_a
        )
        cls.group_a2 = create_unit(
            actor=None, name="Khối 2", level=Level.RESIDENTIAL_GROUP, parent=cls.ward_a
        )
        cls.group_b = create_unit(
            actor=None, name="Khối 1", level=Level.RESIDENTIAL_GROUP, parent=cls.ward_b
        )
        cls.police_a = Agency.objects.get(name="Công an phường Trường Vinh")
        cls.admin = make_user("admin", Role.ADMIN)
        cls.province_officer = make_user("tinh", Role.PROVINCE_OFFICER, cls.province)
        cls.officer_a = make_user("alice", Role.WARD_OFFICER, cls.ward_a)
        cls.officer_b = make_user("bob", Role.WARD_OFFICER, cls.ward_b)
        cls.approver_a = make_user("chau", Role.WARD_APPROVER, cls.ward_a)
        cls.collaborator_a = make_user("dung", Role.COLLABORATOR, cls.group_a)
        cls.reporter_a = make_user("em", Role.AGENCY_REPORTER, cls.ward_a, cls.police_a)
        cls.viewer = make_user("giang", Role.VIEWER, cls.province)
        cls.nobody = make_user("hanh")

    def login(self, user):
        self.client.force_login(user)
        return self.client

    def assert_queries_constant(self, url, add_rows):
        """The number of queries for `url` does not grow with the rows shown.
        Both requests start with an empty cache: what a page keeps there (the
        landing figures) would otherwise make the second request cheaper."""
        from django.core.cache import caches

        for cache in caches.all(initialized_only=True):
            cache.clear()
        with CaptureQueriesContext(connection) as before:
            self.assertEqual(self.client.get(url).status_code, 200)
        add_rows()
        for cache in caches.all(initialized_only=True):
            cache.clear()
        with CaptureQueriesContext(connection) as after:
            self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(len(before), len(after), [q["sql"] for q in after.captured_queries])


def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)
