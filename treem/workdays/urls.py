from django.urls import path

from . import views

app_name = "workdays"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("them/", views.adjustment_create, name="adjustment-create"),
    path("<int:pk>/sua/", views.adjustment_edit, name="adjustment-edit"),
    path("<int:pk>/xoa/", views.adjustment_delete, name="adjustment-delete"),
]
