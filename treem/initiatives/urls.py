from django.urls import path

from .views import initiatives, kinds, records

app_name = "initiatives"

urlpatterns = [
    path("", initiatives.initiative_list, name="list"),
    path("moi/", initiatives.initiative_new, name="new"),
    path("<int:pk>/", initiatives.initiative_detail, name="detail"),
    path("<int:pk>/sua/", initiatives.initiative_edit, name="edit"),
    path("<int:pk>/trang-thai/", initiatives.initiative_status, name="status"),
    path("<int:pk>/danh-gia/", records.evaluation_new, name="evaluation-new"),
    path("<int:pk>/khen-thuong/", records.commendation_new, name="commendation-new"),
    path("<int:pk>/nhan-rong/", records.replication_new, name="replication-new"),
    path("khen-thuong/", records.commendation_list, name="commendation-list"),
    path("khen-thuong/<int:pk>/quyet-dinh/", records.decision_download, name="decision"),
    path("khen-thuong/<int:pk>/tep/", records.decision_upload, name="decision-upload"),
    path("nhan-rong/", records.replication_list, name="replication-list"),
    path("nhan-rong/<int:pk>/trang-thai/", records.replication_status, name="replication-status"),
    path("loai/", kinds.kind_list, name="kind-list"),
    path("loai/moi/", kinds.kind_new, name="kind-new"),
    path("loai/<int:pk>/", kinds.kind_edit, name="kind-edit"),
]
