from django.urls import path

from . import search, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("tim-kiem/", search.quick_search, name="quick-search"),
]
