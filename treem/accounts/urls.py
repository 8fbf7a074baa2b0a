from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", views.profile, name="profile"),
    path("tai-khoan/doi-mat-khau/", views.PasswordChangeView.as_view(), name="password-change"),
    path("tai-khoan/token/", views.own_token_issue, name="token-issue"),
    path("tai-khoan/token/<str:key>/thu-hoi/", views.own_token_revoke, name="own-token-revoke"),
    path("can-bo/", views.user_list, name="user-list"),
    path("can-bo/them/", views.user_create, name="user-create"),
    path("can-bo/<int:pk>/", views.user_detail, name="user-detail"),
    path("can-bo/<int:pk>/sua/", views.user_edit, name="user-edit"),
    path("can-bo/<int:pk>/vai-tro/", views.assignment_add, name="assignment-add"),
    path("vai-tro/<int:pk>/ket-thuc/", views.assignment_end, name="assignment-end"),
    path("can-bo/<int:pk>/token/<str:key>/thu-hoi/", views.token_revoke, name="token-revoke"),
]
