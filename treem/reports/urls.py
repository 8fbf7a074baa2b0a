from django.urls import path

from .views import assessments, criteria, official

app_name = "reports"

urlpatterns = [
    path("danh-gia/", assessments.assessment_list, name="assessment-list"),
    path("danh-gia/phuong/<int:unit_id>/", assessments.ward_history, name="ward-history"),
    path(
        "danh-gia/moi/<str:kind>/",
        assessments.local_assessment_new,
        name="local-assessment-new",
    ),
    path("danh-gia/<int:pk>/", assessments.assessment_detail, name="assessment-detail"),
    path(
        "danh-gia/<int:pk>/minh-chung/", assessments.assessment_refresh, name="assessment-refresh"
    ),
    path("danh-gia/<int:pk>/trang-thai/", assessments.assessment_status, name="assessment-status"),
    path("tieu-chi/", criteria.criteria_list, name="criteria"),
    path("tieu-chi/bo/<int:set_pk>/", criteria.criteria_list, name="criteria-set"),
    path("tieu-chi/bo/them/", criteria.set_edit, name="criteria-set-add"),
    path("tieu-chi/bo/<int:set_pk>/sua/", criteria.set_edit, name="criteria-set-edit"),
    path(
        "tieu-chi/bo/<int:set_pk>/them-tieu-chi/",
        criteria.criterion_add,
        name="criterion-add",
    ),
    path(
        "tieu-chi/bo/<int:set_pk>/nguong/them/",
        criteria.threshold_edit,
        name="set-threshold-add",
    ),
    path("tieu-chi/<int:pk>/sua/", criteria.criterion_edit, name="criterion-edit"),
    path("tieu-chi/<int:pk>/them-muc/", criteria.item_edit, name="item-add"),
    path("tieu-chi/muc/<int:item_pk>/sua/", criteria.item_edit, name="item-edit"),
    path("tieu-chi/nguong/them/", criteria.threshold_edit, name="threshold-add"),
    path("tieu-chi/nguong/<int:pk>/sua/", criteria.threshold_edit, name="threshold-edit"),
    path("dinh-ky/", official.report_list, name="report-list"),
    path("dinh-ky/moi/", official.report_request, name="report-request"),
    path("dinh-ky/<int:pk>/", official.report_detail, name="report-detail"),
    path("dinh-ky/<int:pk>/tai-ve/<str:fmt>/", official.report_download, name="report-download"),
]
