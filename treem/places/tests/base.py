import datetime

from treem.core.testing import PersonaTestCase

from ..models import PlaceType
from ..services import create_place, load_place_data


def new_place(unit, code="play_space", name="Sân chơi khối 1", actor=None, **values):
    load_place_data()
    return create_place(
        actor=actor,
        type=PlaceType.objects.get(code=code),
        name=name,
        unit=unit,
        **values,
    )


class PlacesTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_place_data()
        cls.place_a = new_place(
            cls.group_a,
            name="Sân chơi Khối 1",
            latitude="18.679600",
            longitude="105.681300",
            opened_on=datetime.date(2024, 6, 1),
        )
        cls.place_b = new_place(cls.ward_b, name="Sân chơi Thành Vinh")
        cls.facility_a = new_place(
            cls.ward_a,
            code="social_protection",
            name="Trung tâm Công tác xã hội",
            licence_number="12/GP",
        )
