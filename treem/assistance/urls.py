from django.urls import path

from .views import allowances as a
from .views import imports
from .views import injuries as i

app_name = "assistance"

urlpatterns = [
    path("", a.index, name="index"),
    path("quyet-dinh/moi/", a.decision_create, name="decision-create"),
    path("quyet-dinh/<int:pk>/", a.decision_detail, name="decision"),
    path("quyet-dinh/<int:pk>/tam-dung/", a.decision_suspend, name="decision-suspend"),
    path("quyet-dinh/<int:pk>/ket-thuc/", a.decision_end, name="decision-end"),
    path("chi-tra/", a.payments, name="payments"),
    path("chi-tra/tao/", a.payments_generate, name="payments-generate"),
    path("goi-y/", a.suggestion_list, name="suggestions"),
    path("ho-tro-khac/", a.support_list, name="support"),
    path("ho-tro-khac/moi/", a.support_create, name="support-create"),
    path("nhap/", imports.import_recipients, name="import"),
    path("thuong-tich/", i.injury_list, name="injuries"),
    path("thuong-tich/moi/", i.injury_create, name="injury-create"),
    path("lop-boi/", i.class_list, name="classes"),
    path("lop-boi/moi/", i.class_create, name="class-create"),
]
