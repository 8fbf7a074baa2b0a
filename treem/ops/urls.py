from django.urls import path

from . import views

app_name = "ops"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("van-hanh/", views.operations, name="operations"),
    path("van-hanh/tac-vu/<uuid:pk>/chay-lai/", views.retry_job, name="retry-job"),
]
