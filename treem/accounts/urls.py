from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .twofactor import views as two_factor

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", views.profile, name="profile"),
    path("tai-khoan/doi-mat-khau/", views.PasswordChangeView.as_view(), name="password-change"),
    path("tai-khoan/token/", views.own_token_issue, name="token-issue"),
    path("tai-khoan/token/<str:key>/thu-hoi/", views.own_token_revoke, name="own-token-revoke"),
    path("xac-thuc-hai-buoc/", two_factor.verify, name="otp-verify"),
    path("xac-thuc-hai-buoc/dang-ky/", two_factor.enrol, name="otp-enrol"),
    path("xac-thuc-hai-buoc/ma-du-phong/", two_factor.recovery_codes, name="otp-recovery-codes"),
    path("tai-khoan/xac-thuc-hai-buoc/ma-moi/", two_factor.new_codes, name="otp-new-codes"),
    path("tai-khoan/xac-thuc-hai-buoc/tat/", two_factor.turn_off, name="otp-turn-off"),
    path("can-bo/", views.user_list, name="user-list"),
    path("can-bo/them/", views.user_create, name="user-create"),
    path("can-bo/<int:pk>/", views.user_detail, name="user-detail"),
    path("can-bo/<int:pk>/sua/", views.user_edit, name="user-edit"),
    path("can-bo/<int:pk>/vai-tro/", views.assignment_add, name="assignment-add"),
    path("vai-tro/<int:pk>/ket-thuc/", views.assignment_end, name="assignment-end"),
    path("can-bo/<int:pk>/token/<str:key>/thu-hoi/", views.token_revoke, name="token-revoke"),
    path("can-bo/<int:pk>/xac-thuc-hai-buoc/dat-lai/", two_factor.reset, name="otp-reset"),
]
