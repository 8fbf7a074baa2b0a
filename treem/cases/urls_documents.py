"""Case documents (forms 01-06) and the case dashboard; included by urls.py."""

from django.urls import path, re_path

from . import views_documents as views

urlpatterns = [
    path("<int:pk>/mau/", views.case_forms, name="case-forms"),
    re_path(
        r"^(?P<pk>[0-9]+)/mau-(?P<number>0[1-6])\.(?P<fmt>docx|pdf)$",
        views.case_form,
        name="case-form",
    ),
    path("bang-dieu-khien/", views.case_dashboard, name="case-dashboard"),
    path("bang-dieu-khien/csv/", views.case_dashboard_csv, name="case-dashboard-csv"),
]
