"""Case documents (forms 01-05) and the case dashboard; included by urls.py."""

urlpatterns = []
