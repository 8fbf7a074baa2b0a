from treem.agencies.models import Agency
from treem.agencies.services import load_agencies
from treem.core.testing import PersonaTestCase


class AgencyTests(PersonaTestCase):
    def test_every_ward_gets_its_bodies(self):
        for ward in (self.ward_a, self.ward_b):
            names = set(Agency.objects.filter(unit=ward).values_list("name", flat=True))
            self.assertIn(f"Công an phường {ward.name}", names)
            self.assertIn(f"Trạm Y tế phường {ward.name}", names)
            self.assertIn(f"Hội Liên hiệp Phụ nữ phường {ward.name}", names)

    def test_loading_twice_creates_nothing(self):
        count = Agency.objects.count()
        self.assertEqual(load_agencies(), 0)
        self.assertEqual(Agency.objects.count(), count)

    def test_former_city_office_maps_to_every_successor_ward(self):
        office = Agency.objects.get(name="Phòng Lao động - Thương binh và Xã hội Thành phố Vinh")
        self.assertFalse(office.is_current)
        successors = {a.unit.name for a in office.successors.all()}
        self.assertEqual(len(successors), 6)
        self.assertIn("Trường Vinh", successors)

    def test_detail_shows_both_the_former_body_and_its_successors(self):
        office = Agency.objects.get(name="Công an Thành phố Vinh")
        self.login(self.officer_a)
        response = self.client.get(office.get_absolute_url())
        self.assertContains(response, "Công an tỉnh Nghệ An")
        self.assertContains(response, "Công an phường Trường Vinh")
        response = self.client.get(self.police_a.get_absolute_url())
        self.assertContains(response, "Công an Thành phố Vinh")

    def test_api_lists_agencies(self):
        self.login(self.reporter_a)
        data = self.client.get(f"/api/v1/agencies/?unit={self.ward_a.pk}").json()
        self.assertTrue(any(a["name"] == "Công an phường Trường Vinh" for a in data["results"]))
