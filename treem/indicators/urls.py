from django.urls import path

from .views import catalogue, dashboard, entry

app_name = "indicators"

urlpatterns = [
    path("", dashboard.index, name="index"),
    path("don-vi/<int:pk>/", dashboard.dashboard, name="dashboard"),
    path("don-vi/<int:pk>/<str:name>.csv", dashboard.table_csv, name="csv"),
    path("danh-muc/", catalogue.catalogue_list, name="catalogue"),
    path("danh-muc/<int:pk>/", catalogue.catalogue_detail, name="catalogue-detail"),
    path("danh-muc/<int:pk>/sua/", catalogue.catalogue_edit, name="catalogue-edit"),
    path("danh-muc/<int:pk>/muc-tieu/", catalogue.target_save, name="target-save"),
    path("danh-muc/muc-tieu/<int:pk>/xoa/", catalogue.target_delete, name="target-delete"),
    path("nhap/", entry.entry_list, name="entry"),
    path("duyet/", entry.entry_list, {"awaiting": True}, name="approvals"),
    path("nhap/<int:pk>/", entry.submission_detail, name="submission"),
    path("nhap/<int:pk>/luu/", entry.submission_save, name="submission-save"),
    path("nhap/<int:pk>/mau.xlsx", entry.submission_template, name="submission-template"),
    path("nhap/<int:pk>/tai-len/", entry.submission_upload, name="submission-upload"),
    path("nhap/<int:pk>/<slug:action>/", entry.submission_move, name="submission-move"),
]
