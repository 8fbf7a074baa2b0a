from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("", views.area_list, name="list"),
    path("<int:pk>/", views.area_detail, name="detail"),
    path("<int:pk>/them-khoi/", views.group_create, name="group-create"),
    path("khoi/<int:pk>/sua/", views.group_edit, name="group-edit"),
]
