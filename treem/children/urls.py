from django.urls import include, path

# Each part of the registry's UI has its own URLconf module.
app_name = "children"
urlpatterns = [
    path("", include("treem.children.urls_registry")),
    path("", include("treem.children.urls_quality")),
    path("", include("treem.children.urls_io")),
    path("", include("treem.children.urls_transfers")),
]
