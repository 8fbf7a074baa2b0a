"""The whole system on realistic data: for every role, every page reachable
by a link from the landing page and every GET path of the API answers
without a server error, every link a page offers opens, every generated file
opens, and nothing of another ward is reachable (issue 13, "A crawl test").

The data is the demo seed plus 2,000 children imported from generated
spreadsheets through the import service (treem/demo/realistic.py). It is
built once for this module inside a transaction rolled back at the module's
end, so the other tests of the suite never see it.

`pytest -s treem/core/tests/test_crawl.py` prints what each role visited."""

import json
import time
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm
from treem.areas.models import AdminUnit, Level
from treem.demo.realistic import IMPORTED_ID, load_realistic

from .crawl_support import Crawler, pattern

# Role -> demo login (treem/demo/seed.py); ward A is Trường Vinh, B Thành Vinh.
LOGINS = {
    "admin": "quantri",
    "province_officer": "tinh.canbo",
    "ward_officer_a": "truongvinh.canbo",
    "ward_officer_b": "thanhvinh.canbo",
    "ward_approver": "truongvinh.chutich",
    "collaborator": "truongvinh.ctv1",
    "agency_reporter": "truongvinh.congan",
    "viewer": "lanhdao",
}
CHILD_PAGES = 50
SUMMARY = {}


@pytest.fixture(scope="module")
def realistic(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            began = time.monotonic()
            data = load_realistic(tmp_path_factory.mktemp("realistic"))
            data.failed_jobs = _generate_files()
            SUMMARY["data"] = f"{time.monotonic() - began:.1f} s"
            yield data
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            # Cached figures and menus name rows that no longer exist.
            cache.clear()
            for key, line in SUMMARY.items():
                print(f"crawl {key}: {line}")


def _generate_files():
    """The files users generate, made the way they make them: the pages'
    POSTs start the jobs, then each job runs as the worker runs it (the
    enqueueing waits for a commit that this module's transaction never makes).
    Returns the jobs that failed."""
    from django.test import Client

    from treem.children.models import Child
    from treem.jobs.models import Job
    from treem.jobs.services import run_job
    from treem.plans.models import Inspection
    from treem.reports.services.official import default_header, request_report

    officer = Client()
    user = login(officer, "ward_officer_a")
    child = Child.objects.visible_to(user).filter(personal_id__regex=IMPORTED_ID).first()
    officer.post(f"/tre-em/{child.pk}/xuat-du-lieu/")
    officer.post("/tre-em/xuat/?special=true", {"format": "xlsx"})
    officer.post("/tre-em/xuat/", {"format": "csv"})
    for role, kind, ward in (
        ("ward_officer_a", "annual_children", "Trường Vinh"),
        ("ward_officer_b", "directive_28", "Thành Vinh"),
    ):
        actor = get_user_model().objects.get(username=LOGINS[role])
        ward = AdminUnit.objects.get(name=ward, level=Level.WARD)
        request_report(actor=actor, kind=kind, unit=ward, year=2025, **default_header(ward, kind))
    inspection = Inspection.objects.first()
    if inspection is not None:
        province = Client()
        login(province, "province_officer")
        for fmt in ("docx", "xlsx"):
            province.post(f"/ke-hoach/kiem-tra/{inspection.pk}/bao-cao/", {"format": fmt})
    for job in Job.objects.filter(status=Job.Status.QUEUED):
        run_job(job.pk)
    return [
        f"{job.kind} #{job.pk}: {job.error} {job.detail}"
        for job in Job.objects.filter(status=Job.Status.FAILED)
    ]


def login(client, role):
    user = get_user_model().objects.get(username=LOGINS[role])
    client.force_login(user)
    return user


def report(failures):
    return f"{len(failures)} failures:\n" + "\n".join(str(f) for f in failures)


@pytest.mark.django_db
def test_realistic_data_holds_imported_households_with_episodes_and_cases(realistic):
    from treem.cases.models import Case
    from treem.children.models import Caregiver, Child, Consent, RiskEpisode

    assert sum(realistic.imported.values()) >= 2000
    assert not realistic.failed_jobs, "\n".join(realistic.failed_jobs)
    imported = Child.objects.filter(personal_id__regex=IMPORTED_ID)
    siblings = Caregiver.objects.filter(child_links__child__in=imported).annotate(
        n=Count("child_links")
    )
    assert siblings.filter(n__gt=1).count() > 100
    assert imported.filter(circumstances__isnull=False).exists()
    assert RiskEpisode.objects.filter(child__in=imported).count() > 10
    assert Consent.objects.filter(child__in=imported).count() > 10
    assert Case.objects.filter(child__in=imported).values("status").distinct().count() > 5


@pytest.mark.django_db
@pytest.mark.parametrize("role", LOGINS)
def test_every_page_and_api_path_answers_for(realistic, client, role):
    from treem.children.models import Child

    user = login(client, role)
    crawler = Crawler(client, role)
    crawler.crawl("/")
    schema = client.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200, schema.status_code
    crawler.crawl_api(json.loads(schema.content))
    patterns = Counter(pattern(v.url) for v in crawler.visits if v.status == 200)
    SUMMARY[role] = (
        f"{len(crawler.visits)} GETs in {crawler.seconds:.1f} s, "
        f"{patterns['/tre-em/N/']} child pages, {patterns['/vu-viec/N/']} case pages, "
        f"{patterns['/ke-hoach/bao-cao/N/']} progress reports, files {crawler.files}"
    )

    assert not crawler.failures, report(crawler.failures)
    if has_perm(user, Perm.VIEW_PERSONAL):
        expected = min(CHILD_PAGES, Child.objects.visible_to(user).count())
        assert patterns["/tre-em/N/"] >= expected, SUMMARY[role]


def _ward_b_objects():
    from treem.cases.models import Case
    from treem.children.models import Child

    ward_b = AdminUnit.objects.get(name="Thành Vinh", level=Level.WARD)
    children = Child.objects.filter(ward=ward_b).order_by("pk").values_list("pk", flat=True)
    cases = Case.objects.filter(unit=ward_b).order_by("pk").values_list("pk", flat=True)
    return list(children[::50]), list(cases[:10])


def _ward_b_places():
    # Demo places and facilities of ward B (treem/places/demo.py, a demo seeder).
    from treem.places.models import Place

    places = Place.objects.filter(ward__name="Thành Vinh").order_by("pk")
    found = list(places.values_list("pk", flat=True)[:8])
    assert found, "the demo seed made no places in ward B"
    return found


def _ward_b_activities():
    # Demo activities of ward B's bodies (treem/activities/demo.py, a demo seeder).
    from treem.activities.models import Activity

    found = list(
        Activity.objects.filter(unit__name="Thành Vinh")
        .order_by("pk")
        .values_list("pk", flat=True)[:8]
    )
    assert found, "the demo seed made no activities in ward B"
    return found


def _ward_b_assistance():
    # Demo allowances and injuries of ward B (treem/assistance/demo.py, a demo seeder).
    from treem.assistance.models import AllowanceDecision, AllowancePayment, Injury

    def first(model):
        rows = model.objects.filter(ward__name="Thành Vinh", ward__level=Level.WARD)
        return list(rows.order_by("pk").values_list("pk", flat=True)[:5])

    found = first(AllowanceDecision), first(AllowancePayment), first(Injury)
    assert all(found), "the demo seed made no allowances, payments or injuries in ward B"
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["ward_officer_a", "collaborator"])
def test_objects_of_another_ward_answer_404_to(realistic, client, role):
    children, cases = _ward_b_objects()
    assert len(children) >= 10 and cases
    login(client, role)
    crawler = Crawler(client, role)
    for pk in children:
        for url in (
            f"/tre-em/{pk}/",
            f"/tre-em/{pk}/sua/",
            f"/api/v1/children/{pk}/",
            f"/api/v1/children/{pk}/caregivers/",
            f"/api/v1/children/{pk}/risks/",
        ):
            crawler.get(url, expect=404)
        # Starting the data-subject export is a POST; it must not reveal the child either.
        crawler.get(f"/tre-em/{pk}/xuat-du-lieu/", expect=404, method="post")
    for pk in cases:
        for url in (f"/vu-viec/{pk}/", f"/vu-viec/{pk}/mau/", f"/api/v1/cases/{pk}/"):
            crawler.get(url, expect=404)
    for pk in _ward_b_places():
        for url in (f"/dia-diem/{pk}/", f"/api/v1/places/{pk}/", f"/api/v1/facilities/{pk}/"):
            crawler.get(url, expect=404)
    for pk in _ward_b_activities():
        for url in (f"/hoat-dong/{pk}/", f"/api/v1/activities/{pk}/"):
            crawler.get(url, expect=404)
    decisions, payments, injuries = _ward_b_assistance()
    for pk in decisions:
        for url in (f"/tro-giup/quyet-dinh/{pk}/", f"/api/v1/allowances/{pk}/"):
            crawler.get(url, expect=404)
    for pk in payments:
        crawler.get(f"/api/v1/allowance-payments/{pk}/", expect=404)
    for pk in injuries:
        crawler.get(f"/api/v1/injuries/{pk}/", expect=404)

    assert not crawler.failures, report(crawler.failures)
