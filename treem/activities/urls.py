from django.urls import path

from .views import activities, forums, kinds

app_name = "activities"

urlpatterns = [
    path("", activities.activity_list, name="list"),
    path("moi/", activities.activity_new, name="new"),
    path("<int:pk>/", activities.activity_detail, name="detail"),
    path("<int:pk>/sua/", activities.activity_edit, name="edit"),
    path("<int:pk>/tep/", activities.file_upload, name="file-upload"),
    path("tep/<int:pk>/", activities.file_download, name="file-download"),
    path("tep/<int:pk>/xoa/", activities.file_delete, name="file-delete"),
    path("loai/", kinds.kind_list, name="kinds"),
    path("loai/<int:pk>/", kinds.kind_edit, name="kind-edit"),
    path("dien-dan/", forums.forum_list, name="forum-list"),
    path("dien-dan/moi/", forums.forum_new, name="forum-new"),
    path("dien-dan/<int:pk>/", forums.forum_detail, name="forum-detail"),
    path("dien-dan/<int:pk>/sua/", forums.forum_edit, name="forum-edit"),
    path("dien-dan/<int:pk>/kien-nghi/", forums.recommendation_new, name="recommendation-new"),
    path("kien-nghi/", forums.recommendation_list, name="recommendation-list"),
    path("kien-nghi/<int:pk>/", forums.recommendation_detail, name="recommendation-detail"),
    path(
        "kien-nghi/<int:pk>/<slug:move>/",
        forums.recommendation_move,
        name="recommendation-move",
    ),
]
