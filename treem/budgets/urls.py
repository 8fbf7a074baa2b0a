from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("", views.year_page, name="year"),
    path("moi/", views.line_new, name="line-new"),
    path("<int:pk>/", views.line_detail, name="line"),
    path("<int:pk>/<slug:kind>/", views.entry_add, name="entry-add"),
    path("muc/<slug:kind>/<int:pk>/xoa/", views.entry_remove, name="entry-remove"),
]
