from treem.children.models import Child, IdStatus
from treem.children.tests.base import RegistryTestCase


class FixtureTests(RegistryTestCase):
    def test_the_fixture_builds(self):
        self.assertEqual(Child.objects.count(), 3)
        self.assertEqual(self.child_a.id_status, IdStatus.OK)
        self.assertEqual(self.child_a2.id_status, IdStatus.MISSING)
        self.assertEqual(self.child_a.name_folded, "nguyen thi ngoc anh")
