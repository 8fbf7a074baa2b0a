"""The project's URLs plus views that fail the way a bug would: with a child's
data in the exception message."""

from django.urls import path

from config import urls as project_urls

# Django reads the error handlers from the root URLconf: the project's own.
handler400 = getattr(project_urls, "handler400", "django.views.defaults.bad_request")
handler500 = getattr(project_urls, "handler500", "django.views.defaults.server_error")

CHILD_DETAILS = "Lò Thị Mây, dân tộc Thái, khuyết tật vận động, 040315000123"


def fails(request):
    raise ValueError(CHILD_DETAILS)


urlpatterns = [
    path("hong/", fails),
    path("api/v1/hong/", fails),
    *project_urls.urlpatterns,
]
