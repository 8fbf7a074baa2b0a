from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("luu-giu/<slug:kind>/sua/", views.rule_edit, name="rule-edit"),
    path("luu-giu/chay-thu/", views.dry_run, name="dry-run"),
    path("luu-giu/ap-dung/", views.run, name="run"),
    path("luu-giu/lan-chay/", views.runs, name="runs"),
    path("su-co/", views.incident_list, name="incidents"),
    path("su-co/moi/", views.incident_create, name="incident-create"),
    path("su-co/<int:pk>/", views.incident_detail, name="incident"),
    path("su-co/thoi-han/", views.notification_edit, name="notification-edit"),
    path("muc-dich-xu-ly/", views.purpose_list, name="purposes"),
    path("muc-dich-xu-ly/<int:pk>/sua/", views.purpose_edit, name="purpose-edit"),
]
