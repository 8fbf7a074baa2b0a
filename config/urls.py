from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from treem.accounts.api import StaffViewSet, me
from treem.activities.api import register as register_activities_api
from treem.agencies.api import AgencyViewSet
from treem.areas.api import AdminUnitViewSet
from treem.assistance.api import register as register_assistance_api
from treem.audit.api import AuditEventViewSet
from treem.budgets.api import register as register_budgets_api
from treem.cases.api import register as register_cases_api
from treem.children.api import register as register_children_api
from treem.indicators.api import register as register_indicators_api
from treem.initiatives.api import register as register_initiatives_api
from treem.jobs.api import JobViewSet
from treem.places.api import register as register_places_api
from treem.plans.api import register as register_plans_api
from treem.population.api import register as register_population_api
from treem.reports.api import register as register_reports_api
from treem.trainings.api import register as register_trainings_api
from treem.workdays.api import register as register_workdays_api

router = DefaultRouter()
router.register("areas", AdminUnitViewSet, basename="area")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("staff", StaffViewSet, basename="staff")
router.register("audit-events", AuditEventViewSet, basename="audit-event")
router.register("jobs", JobViewSet, basename="job")
register_children_api(router)
register_plans_api(router)
register_activities_api(router)
register_trainings_api(router)
register_places_api(router)
register_workdays_api(router)
register_cases_api(router)
register_assistance_api(router)
register_population_api(router)
register_indicators_api(router)
register_reports_api(router)
register_initiatives_api(router)
register_budgets_api(router)

urlpatterns = [
    path("", include("treem.core.urls")),
    path("", include("treem.ops.urls")),
    path("", include("treem.accounts.urls")),
    path("tre-em/", include("treem.children.urls")),
    path("ke-hoach/", include("treem.plans.urls")),
    path("hoat-dong/", include("treem.activities.urls")),
    path("tap-huan/", include("treem.trainings.urls")),
    path("dia-diem/", include("treem.places.urls")),
    path("ngay-lam-viec/", include("treem.workdays.urls")),
    path("vu-viec/", include("treem.cases.urls")),
    path("tro-giup/", include("treem.assistance.urls")),
    path("lien-thong-dan-cu/", include("treem.population.urls")),
    path("chi-tieu/", include("treem.indicators.urls")),
    path("bao-cao/", include("treem.reports.urls")),
    path("mo-hinh/", include("treem.initiatives.urls")),
    path("kinh-phi/", include("treem.budgets.urls")),
    path("dia-ban/", include("treem.areas.urls")),
    path("co-quan/", include("treem.agencies.urls")),
    path("nhat-ky/", include("treem.audit.urls")),
    path("tac-vu/", include("treem.jobs.urls")),
    path("bao-ve-du-lieu/", include("treem.privacy.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/me/", me, name="api-me"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]

# Vietnamese error pages with the request id (treem/core/views.py); 403 and 404
# use Django's handlers with the templates of treem/core/templates/.
handler400 = "treem.core.views.bad_request"
handler500 = "treem.core.views.server_error"
