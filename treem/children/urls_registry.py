from django.urls import path

from . import views_episodes as episodes
from . import views_registry as views

# Included by urls.py under the "children" namespace, mounted at /tre-em/.
urlpatterns = [
    path("", views.child_list, name="list"),
    path("them/", views.child_create, name="create"),
    path("kiem-tra/", views.validate_field, name="validate"),
    path("<int:pk>/", views.child_detail, name="detail"),
    path("<int:pk>/sua/", views.child_edit, name="edit"),
    path("<int:pk>/xuat-du-lieu/", views.subject_export, name="subject-export"),
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
]
