from django.urls import path

from . import views_quality as views

# Included by urls.py under the "children" namespace, mounted at /tre-em/.
urlpatterns = [
    path("chat-luong/", views.quality_panel, name="quality"),
    path("chat-luong/<slug:kind>/", views.quality_list, name="quality-list"),
    path("gop-ho-so/", views.merge_list, name="merges"),
    path("gop-ho-so/de-xuat/", views.merge_propose, name="merge-propose"),
    path("gop-ho-so/<int:pk>/", views.merge_detail, name="merge-detail"),
    path("danh-muc/", views.code_list, name="codes"),
    path("danh-muc/them/", views.code_create, name="code-create"),
    path("danh-muc/<int:pk>/sua/", views.code_edit, name="code-edit"),
]
