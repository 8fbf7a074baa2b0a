from django.urls import path

from . import views_io

# Mounted at /tre-em/ in the "children" namespace (see urls.py).
urlpatterns = [
    path("nhap/", views_io.import_upload, name="import"),
    path("nhap/mau.<str:fmt>", views_io.import_template, name="import-template"),
    path("nhap/<uuid:job_id>/", views_io.import_result, name="import-result"),
    path(
        "nhap/<uuid:job_id>/nhap-dong-hop-le/",
        views_io.import_valid_rows,
        name="import-valid-rows",
    ),
    path("xuat/", views_io.export, name="export"),
]
