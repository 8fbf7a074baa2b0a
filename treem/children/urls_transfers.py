from django.urls import path

from . import views_transfers as views

# Included by urls.py under the "children" namespace, mounted at /tre-em/.
urlpatterns = [
    path("chuyen-ho-so/", views.transfer_list, name="transfers"),
    path("chuyen-ho-so/yeu-cau/", views.transfer_create, name="transfer-create"),
    path("chuyen-ho-so/<int:pk>/", views.transfer_detail, name="transfer-detail"),
    path("chuyen-ho-so/<int:pk>/quyet-dinh/", views.transfer_decide, name="transfer-decide"),
]
