from django.urls import path

from .views import courses, staff

app_name = "trainings"

urlpatterns = [
    path("", courses.course_list, name="list"),
    path("moi/", courses.course_new, name="new"),
    path("<int:pk>/", courses.course_detail, name="detail"),
    path("<int:pk>/sua/", courses.course_edit, name="edit"),
    path("<int:pk>/hoc-vien/", courses.participants_add, name="participants-add"),
    path("hoc-vien/<int:pk>/", courses.participant_edit, name="participant-edit"),
    path("hoc-vien/<int:pk>/xoa/", courses.participant_remove, name="participant-remove"),
    path("hoc-vien/<int:pk>/chung-chi/", courses.certificate_upload, name="certificate-upload"),
    path("hoc-vien/<int:pk>/chung-chi/tai/", courses.certificate_download, name="certificate-file"),
    path("chua-tap-huan/", staff.gaps, name="gaps"),
    path("khoi-pho/", staff.coverage, name="coverage"),
    path("yeu-cau/", staff.reference, name="reference"),
    path("chu-de/<int:pk>/", staff.topic_edit, name="topic-edit"),
    path("yeu-cau/<int:pk>/", staff.requirement_edit, name="requirement-edit"),
]
