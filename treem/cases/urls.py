from django.urls import path

from treem.cases.urls_documents import urlpatterns as document_urls

from .views import admin, cases, intake, steps, work

app_name = "cases"

urlpatterns = [
    path("", cases.case_list, name="list"),
    path("tiep-nhan/", intake.intake, name="intake"),
    path("tiep-nhan/tim-tre/", intake.pick_child, name="pick-child"),
    path("bao-cao-cua-toi/", cases.my_reports, name="my-reports"),
    path("mo-khan-cap/", work.break_glass_view, name="break-glass"),
    path("thong-bao/", work.notifications, name="notifications"),
    path("danh-muc/", admin.settings_page, name="settings"),
    path("danh-muc/ma/them/", admin.code_edit, name="code-add"),
    path("danh-muc/ma/<int:pk>/", admin.code_edit, name="code-edit"),
    path("danh-muc/thoi-han/<int:pk>/", admin.limit_edit, name="limit-edit"),
    path("thong-bao/<int:notification_pk>/", work.notification_open, name="notification-open"),
    path("chuyen-gui/", work.referral_inbox, name="referrals"),
    path("chuyen-gui/<int:referral_pk>/", work.referral_detail, name="referral-detail"),
    path("chuyen-gui/<int:referral_pk>/ket-qua/", work.referral_result, name="referral-result"),
    path("<int:pk>/", cases.case_detail, name="detail"),
    path("<int:pk>/buoc/<str:kind>/", steps.step_form, name="step"),
    path("<int:pk>/chuyen/<str:target>/", steps.transition, name="transition"),
    path("<int:pk>/phe-duyet/", steps.decide, name="decide"),
    path("<int:pk>/dong/", steps.close, name="close"),
    path("<int:pk>/khan-cap/", steps.emergency, name="emergency"),
    path("<int:pk>/de-xuat-ket-thuc/", steps.propose, name="propose-closure"),
    path("<int:pk>/quyet-dinh-ket-thuc/", steps.decide_close, name="decide-closure"),
    path("<int:pk>/chuyen-phuong/", steps.transfer, name="transfer"),
    path("<int:pk>/phan-cong/", steps.assign, name="assign"),
    path("<int:pk>/dich-vu/", work.service_add, name="service-add"),
    path("<int:pk>/dich-vu/<int:service_pk>/", work.service_update, name="service-update"),
    path("<int:pk>/chuyen-gui/", work.referral_add, name="referral-add"),
    path("<int:pk>/tep/", work.attachment_add, name="attachment-add"),
    path("<int:pk>/tep/<int:attachment_pk>/", work.attachment_download, name="attachment"),
]

urlpatterns += document_urls
