"""Accessibility and phone width over the pages the crawl reaches (issue 15,
point 11 and its "Done when"): as a ward officer, an agency reporter and a
province officer, on realistic data (treem/demo/realistic.py, smaller than the
crawl's), every kind of page the crawl of test_crawl.py finds

- passes axe-core (axe-playwright-python, its axe.min.js served from the
  installed package) at desktop width with no critical or serious violation;
- does not scroll sideways on a 390 px phone.

The crawl runs in-process with the test client and keeps one URL per view
(resolved URL name), so each template is checked once per role and the file
stays within minutes; the browser then opens those URLs on a live server.
The data is committed (the live server's thread must see it on PostgreSQL
too) and flushed after the first test, as for every live-server test.

`pytest -s treem/core/tests/test_accessibility.py` prints what was checked."""

import tempfile
import time
import unittest
from collections import Counter
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import Resolver404, resolve

from treem.core.browser import ARTIFACTS, SKIP_REASON, BrowserTestCase, chromium_available
from treem.demo.realistic import load_realistic

from .crawl_support import Crawler

ROLES = {
    "ward_officer": "truongvinh.canbo",
    "agency_reporter": "truongvinh.congan",
    "province_officer": "tinh.canbo",
}
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# URLs kept per view: one shows the template.
PER_VIEW = 1
BLOCKING = ("critical", "serious")
# The outermost elements that stick out of a phone's width, outside any box
# that scrolls or clips them (a table scrolling in its .table-wrap is fine).
WIDEST = """() => {
  const limit = window.innerWidth + 1;
  const clipped = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || box.right <= limit || clipped(el)) continue;
    const parent = el.parentElement;
    if (parent !== document.body && parent.getBoundingClientRect().right > limit) continue;
    const id = el.id ? '#' + el.id : '';
    const cls = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    out.push(`${el.tagName.toLowerCase()}${id}${cls} right=${Math.round(box.right)} "${text}"`);
  }
  return out.slice(0, 5);
}"""


class _Crawler(Crawler):
    """The crawl of test_crawl.py, remembering which URLs were htmx fragments
    (they are parts of pages, checked inside the page that loads them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fragments = set()

    def get(self, url, *, htmx=False, **kwargs):
        if htmx:
            self.fragments.add(url)
        return super().get(url, htmx=htmx, **kwargs)


def view_name(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def pages_of(crawler):
    """One URL per view among the HTML pages the crawl opened."""
    chosen, per_view = [], Counter()
    for visit in crawler.visits:
        if visit.status != 200 or visit.kind != "html" or visit.url in crawler.fragments:
            continue
        if visit.url.startswith("/api/"):
            continue
        name = view_name(visit.url)
        if name is None or per_view[name] >= PER_VIEW:
            continue
        per_view[name] += 1
        chosen.append((name, visit.url))
    return chosen


@unittest.skipUnless(chromium_available(), SKIP_REASON)
class CrawledPagesTests(BrowserTestCase):
    """The tests read one survey, made by whichever runs first."""

    survey = None
    maxDiff = None

    def setUp(self):
        # No page of BrowserTestCase's own: each role opens its own context.
        pass

    def tearDown(self):
        pass

    @classmethod
    def run_survey(cls, live_server_url, folder):
        began = time.monotonic()
        load_realistic(folder, demo_children=150, imported=300)
        survey = {"data": time.monotonic() - began, "roles": {}}
        checked = set()  # views whose colours were checked as an earlier role
        for role, username in ROLES.items():
            began = time.monotonic()
            client = Client()
            client.force_login(get_user_model().objects.get(username=username))
            # One URL per pattern: two or three per pattern (test_crawl.py's
            # sampling) reach the same set of views on this data, slower.
            crawler = _Crawler(client, role, per_pattern=1, per_detail=1, max_pages=600)
            crawler.crawl("/")
            pages = pages_of(crawler)
            crawled = time.monotonic() - began
            context = cls.browser.new_context(locale="vi-VN", viewport=DESKTOP)
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server_url,
                    }
                ]
            )
            try:
                found = cls.check_pages(context.new_page(), live_server_url, pages, checked)
            finally:
                context.close()
            survey["roles"][role] = found
            found["pages"] = pages
            print(
                f"a11y {role}: crawled {len(crawler.visits)} URLs in {crawled:.1f} s, "
                f"checked {len(pages)} pages in {time.monotonic() - began - crawled:.1f} s, "
                f"{len(found['violations'])} blocking axe violations, "
                f"{len(found['sideways'])} pages scrolling sideways"
            )
        print(f"a11y data: {survey['data']:.1f} s")
        return survey

    @staticmethod
    def check_pages(page, live_server_url, pages, checked):
        """axe at desktop width, then the same page narrowed to a phone's
        width (the layout is CSS: narrowing it is loading it on a phone,
        without a second request). Colour contrast, axe's slowest rule by
        far, is checked once per view: colours come from the templates and
        the stylesheets, not from the role."""
        axe = Axe()
        violations, sideways, broken = [], [], []
        # A stylesheet or a fragment that fails to load makes both checks meaningless.
        current = [""]

        def answered(response):
            if response.status >= 400:
                broken.append((current[0], f"{response.status} {response.url}"))

        def failed(request):
            # Leaving a page aborts what it was still loading: not a failure.
            if "ERR_ABORTED" not in (request.failure or ""):
                broken.append((current[0], f"{request.failure} {request.url}"))

        page.on("response", answered)
        page.on("requestfailed", failed)
        for name, url in pages:
            current[0] = url
            page.set_viewport_size(DESKTOP)
            page.goto(live_server_url + url)
            options = {"resultTypes": ["violations"]}
            if name in checked:
                options["rules"] = {"color-contrast": {"enabled": False}}
            checked.add(name)
            for rule in axe.run(page, options=options).response["violations"]:
                if rule["impact"] in BLOCKING:
                    violations.append((name, url, rule))
            page.set_viewport_size(PHONE)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"] + 1:
                sideways.append((name, url, width, page.evaluate(WIDEST)))
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"a11y-sideways-{name.replace(':', '-')}.png"))
        return {"violations": violations, "sideways": sideways, "broken": broken}

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        # Cached figures and menus name rows the flush removed.
        cache.clear()

    def get_survey(self):
        if CrawledPagesTests.survey is None:
            # A survey that failed fails the other tests at once, not after
            # building the data again.
            CrawledPagesTests.survey = "the survey failed: see the first test's error"
            with tempfile.TemporaryDirectory() as folder:
                CrawledPagesTests.survey = self.run_survey(self.live_server_url, folder)
        if isinstance(CrawledPagesTests.survey, str):
            self.fail(CrawledPagesTests.survey)
        return CrawledPagesTests.survey

    def test_crawled_pages_have_no_critical_or_serious_axe_violation(self):
        survey = self.get_survey()
        lines, rules = [], Counter()
        for role, found in survey["roles"].items():
            self.assertGreater(len(found["pages"]), 10, role)
            for name, url, rule in found["violations"]:
                rules[rule["id"]] += len(rule["nodes"])
                targets = "; ".join(" ".join(n["target"]) for n in rule["nodes"][:6])
                lines.append(
                    f"[{role}] {url} ({name}) {rule['impact']} {rule['id']}: {rule['help']}"
                    f" -> {targets}"
                )
        self.assertEqual(lines, [], f"{dict(rules)}\n" + "\n".join(lines))

    def test_crawled_pages_do_not_scroll_sideways_on_a_phone(self):
        survey = self.get_survey()
        lines = []
        for role, found in survey["roles"].items():
            for name, url, width, widest in found["sideways"]:
                lines.append(f"[{role}] {url} ({name}) {width} px wide: " + " | ".join(widest))
        self.assertEqual(lines, [], "\n".join(lines))

    def test_crawled_pages_load_every_stylesheet_script_and_fragment(self):
        survey = self.get_survey()
        lines = [
            f"[{role}] {url}: {what}"
            for role, found in survey["roles"].items()
            for url, what in found["broken"]
        ]
        self.assertEqual(lines, [], "\n".join(lines))
