from django.urls import path

from .views import episodes, io, quality, registry, transfers

# Mounted at /tre-em/ in the "children" namespace.
app_name = "children"
urlpatterns = [
    # The register: list, record, forms and the record's sections.
    path("", registry.child_list, name="list"),
    path("them/", registry.child_create, name="create"),
    path("kiem-tra/", registry.validate_field, name="validate"),
    path("<int:pk>/", registry.child_detail, name="detail"),
    path("<int:pk>/sua/", registry.child_edit, name="edit"),
    path("<int:pk>/xuat-du-lieu/", registry.subject_export, name="subject-export"),
    path("<int:pk>/hoan-canh/", episodes.circumstance_add, name="circumstance-add"),
    path(
        "<int:pk>/hoan-canh/<int:episode_pk>/ket-thuc/",
        episodes.circumstance_end,
        name="circumstance-end",
    ),
    path("<int:pk>/nguy-co/", episodes.risk_add, name="risk-add"),
    path("<int:pk>/nguy-co/<int:episode_pk>/ket-thuc/", episodes.risk_end, name="risk-end"),
    path("<int:pk>/ho-tro/", episodes.support_add, name="support-add"),
    path("<int:pk>/nguoi-cham-soc/", episodes.caregiver_add, name="caregiver-add"),
    path(
        "<int:pk>/nguoi-cham-soc/<int:link_pk>/go/",
        episodes.caregiver_remove,
        name="caregiver-remove",
    ),
    path("<int:pk>/chuyen-noi-o/", episodes.move, name="move"),
    path("<int:pk>/trang-thai/", episodes.status_change, name="status"),
    path("<int:pk>/dong-y/", episodes.consent_add, name="consent-add"),
    path(
        "<int:pk>/dong-y/<int:consent_pk>/rut/", episodes.consent_withdraw, name="consent-withdraw"
    ),
    # Data quality, merges and the code lists.
    path("chat-luong/", quality.quality_panel, name="quality"),
    path("chat-luong/<slug:kind>/", quality.quality_list, name="quality-list"),
    path("gop-ho-so/", quality.merge_list, name="merges"),
    path("gop-ho-so/de-xuat/", quality.merge_propose, name="merge-propose"),
    path("gop-ho-so/<int:pk>/", quality.merge_detail, name="merge-detail"),
    path("danh-muc/", quality.code_list, name="codes"),
    path("danh-muc/them/", quality.code_create, name="code-create"),
    path("danh-muc/<int:pk>/sua/", quality.code_edit, name="code-edit"),
    # Import and export.
    path("nhap/", io.import_upload, name="import"),
    path("nhap/mau.<str:fmt>", io.import_template, name="import-template"),
    path("nhap/<uuid:job_id>/", io.import_result, name="import-result"),
    path(
        "nhap/<uuid:job_id>/nhap-dong-hop-le/",
        io.import_valid_rows,
        name="import-valid-rows",
    ),
    path("xuat/", io.export, name="export"),
    # Records moved between wards.
    path("chuyen-ho-so/", transfers.transfer_list, name="transfers"),
    path("chuyen-ho-so/yeu-cau/", transfers.transfer_create, name="transfer-create"),
    path("chuyen-ho-so/<int:pk>/", transfers.transfer_detail, name="transfer-detail"),
    path("chuyen-ho-so/<int:pk>/quyet-dinh/", transfers.transfer_decide, name="transfer-decide"),
]
