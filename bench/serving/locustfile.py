"""Officers of the six wards, played by locust against 127.0.0.1 (bench/serving.py
runs it headless and writes SERVING_DATA, the officers and their children).

  MixOfficer      list, search without accents, a child's page, again and again, no pause
  JourneyOfficer  the whole round, 5 s between actions: list, search, child, case,
                  intake, save the case's verification report, the home dashboard
  IntakeOfficer   a case report with a new child, posted as fast as the server takes it
"""

import itertools
import json
import os
import random
import re
from datetime import date, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

from locust import HttpUser, SequentialTaskSet, constant, events, task

with open(os.environ["SERVING_DATA"], encoding="utf-8") as _data:
    DATA = json.load(_data)
_next_officer = itertools.count()
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Đức", "Ngọc", "Minh", "Thanh", "Hữu", "Xuân", "Thu", "Quang"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Khánh", "Lan", "Long", "Mai", "Nam"]
GIVEN += ["Ngân", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Việt", "Yến"]
CASE_URL = re.compile(r"^/vu-viec/(\d+)/$")


class FormFields(HTMLParser):
    """The fields of the page's form that posts to `action` (its values as the
    browser would send them): the step form is posted back as shown."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.fields, self.texts = action, False, {}, set()
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("method", "").lower() == "post" and (
                a.get("action") in (None, "", self.action)
            )
        if not self.inside or not a.get("name") and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields[a["name"]] = a.get("value", "")
            if not a.get("value") and "required" in a:
                self.fields[a["name"]] = self._fill(a.get("type"))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[a["name"]] = ""
            self.texts.add(a["name"])
        elif tag == "select":
            self._select = a["name"]
        elif (
            tag == "option"
            and self._select
            and ("selected" in a or (self._select not in self.fields and a.get("value")))
        ):
            self.fields[self._select] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    @staticmethod
    def _fill(kind):
        if kind == "date":
            return date.today().isoformat()
        if kind == "datetime-local":
            return datetime.now().strftime("%Y-%m-%dT%H:%M")
        if kind == "number":
            return "1"
        return "Ghi nhận khi thử tải"


class Officer(HttpUser):
    abstract = True

    def on_start(self):
        self.officer = DATA["officers"][next(_next_officer) % len(DATA["officers"])]
        session = DATA.get("sessions", {}).get(self.officer["username"])
        if session and not os.environ.get("SERVING_SIGN_IN"):
            # Signed in beforehand by the driver: the run measures pages, not Argon2.
            self.client.cookies.set("sessionid", session, domain="127.0.0.1", path="/")
            self.client.get("/vu-viec/tiep-nhan/", name="login form")
            return
        self.client.get("/dang-nhap/", name="login form")
        response = self.client.post(
            "/dang-nhap/",
            {
                "username": self.officer["username"],
                "password": DATA["password"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            headers={"Referer": self.host + "/dang-nhap/"},
            allow_redirects=False,
            name="login",
        )
        if response.status_code != 302:
            raise RuntimeError(f"login failed for {self.officer['username']}")

    def post(self, path, data, name):
        return self.client.post(
            path,
            {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
            headers={"Referer": self.host + path},
            allow_redirects=False,
            name=name,
            catch_response=True,
        )

    # --- the pages --------------------------------------------------------------------------------
    def child_list(self):
        self.client.get("/tre-em/", name="list")

    def child_search(self):
        self.client.get("/tre-em/", params={"q": random.choice(DATA["terms"])}, name="search")

    def child_page(self):
        self.client.get(f"/tre-em/{random.choice(self.officer['children'])}/", name="child")

    def case_page(self):
        if self.officer["cases"]:
            self.client.get(f"/vu-viec/{random.choice(self.officer['cases'])}/", name="case")

    def dashboard(self):
        self.client.get("/", name="dashboard")

    def intake(self):
        """A case report with a new child; the new case's id, or None."""
        o = self.officer
        born = date(random.randint(2012, 2024), random.randint(1, 12), random.randint(1, 28))
        data = {
            "channel": "citizen",
            "received_at": datetime.now().strftime("%d/%m/%Y %H:%M"),
            "event_ward": o["ward"],
            "event_place": f"Số {random.randint(1, 300)}, ngõ {random.randint(1, 50)}",
            "description": "Hàng xóm báo trẻ bị bỏ mặc (thử tải)",
            "harm_kinds": DATA["harm"],
            "perpetrator_relation": "parent",
            "full_name": " ".join(
                (random.choice(FAMILY), random.choice(MIDDLE), random.choice(GIVEN))
            ),
            "date_of_birth": born.strftime("%d/%m/%Y"),
            "sex": random.choice("MF"),
            "unit": random.choice(o["groups"]),
            # Two reports may name two children alike: the officer has checked.
            "confirmed": "on",
        }
        with self.post("/vu-viec/tiep-nhan/", data, "intake POST") as response:
            location = urlsplit(response.headers.get("Location", "")).path
            if response.status_code == 302 and CASE_URL.match(location):
                response.success()
                return int(CASE_URL.match(location).group(1))
            response.failure(f"intake answered {response.status_code} {location}")
        return None

    def progress_report(self, case_id):
        """Saves the case's verification report as shown, with a line of text."""
        path = f"/vu-viec/{case_id}/buoc/verification/"
        page = self.client.get(path, name="report form")
        form = FormFields(path)
        form.feed(page.text)
        fields = {k: v for k, v in form.fields.items() if k != "csrfmiddlewaretoken"}
        for name in form.texts:
            if not fields.get(name, "").strip():
                fields[name] = "Đã xác minh tại nhà (thử tải)"
        with self.post(path, fields, "report POST") as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"report answered {response.status_code}")


class MixOfficer(Officer):
    wait_time = constant(0)

    @task
    def round(self):
        self.child_list()
        self.child_search()
        self.child_page()


class Journey(SequentialTaskSet):
    @task
    def list(self):
        self.user.child_list()

    @task
    def search(self):
        self.user.child_search()

    @task
    def child(self):
        self.user.child_page()

    @task
    def case(self):
        self.user.case_page()

    @task
    def intake(self):
        self.case_id = self.user.intake()

    @task
    def report(self):
        if self.case_id:
            self.user.progress_report(self.case_id)

    @task
    def dashboard(self):
        self.user.dashboard()


class JourneyOfficer(Officer):
    wait_time = constant(float(os.environ.get("SERVING_THINK", "5")))
    tasks = [Journey]


class IntakeOfficer(Officer):
    wait_time = constant(0)

    @task
    def report(self):
        self.intake()


# Every response, for the driver's percentiles (logins apart): locust's own
# CSV mixes the logins' Argon2 seconds into its aggregate.
TIMES = []


@events.request.add_listener
def _record(request_type, name, response_time, exception, start_time=None, **kwargs):
    TIMES.append((start_time or 0, name, response_time, exception is None))


@events.quitting.add_listener
def _dump(environment, **kwargs):
    out = os.environ.get("SERVING_OUT")
    if out:
        with open(out, "w", encoding="utf-8") as f:
            json.dump(TIMES, f)
