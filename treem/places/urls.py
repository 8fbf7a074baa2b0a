from django.urls import path

from .views import inspections, io, places

app_name = "places"

urlpatterns = [
    path("", places.place_list, name="list"),
    path("co-so/", places.facility_list, name="facilities"),
    path("them/", places.place_create, name="create"),
    path("<int:pk>/", places.place_detail, name="detail"),
    path("<int:pk>/sua/", places.place_edit, name="edit"),
    path("<int:pk>/kiem-tra/", inspections.inspection_create, name="inspect"),
    path("<int:pk>/tre-em/", places.child_add, name="child-add"),
    path("<int:pk>/tre-em/<int:stay_pk>/ket-thuc/", places.child_end, name="child-end"),
    path("kiem-tra/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path("viec-khac-phuc/", places.overdue_actions, name="actions"),
    path("viec-khac-phuc/<int:pk>/xong/", inspections.action_done, name="action-done"),
    path("nhap/", io.import_page, name="import"),
    path("nhap/mau.xlsx", io.import_template, name="import-template"),
    path("ban-do/", io.ward_map, name="map"),
]
