from django.urls import path

from . import views

app_name = "population"

urlpatterns = [
    path("", views.index, name="index"),
    path("tai-len/", views.upload, name="upload"),
    path("trung-lap/", views.find_duplicates, name="dedupe"),
    path("nguong/", views.thresholds, name="thresholds"),
    path("lan/<int:pk>/", views.run_detail, name="run"),
    path("lan/<int:pk>/tien-do/", views.run_progress, name="run-progress"),
    path("lan/<int:pk>/xem-xet/", views.review_queue, name="review"),
    path("lan/<int:pk>/khac-biet/", views.differences, name="differences"),
    path("lan/<int:pk>/chua-khop/", views.unmatched_children, name="unmatched"),
    path("lan/<int:pk>/chua-khop.csv", views.unmatched_csv, name="unmatched-csv"),
    path("lan/<int:pk>/thieu/", views.missing_persons, name="missing"),
    path("lien-ket/<int:pk>/quyet-dinh/", views.decide, name="decide"),
    path("lien-ket/<int:pk>/khac-biet/", views.resolve, name="resolve"),
]
