import importlib
import logging
import logging.handlers
import os
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import Client, TestCase, override_settings

from treem.core.logs import RequestIdFilter
from treem.core.testing import PersonaTestCase

from .urls_failing import CHILD_DETAILS


@override_settings(DEBUG=False, ROOT_URLCONF="treem.core.tests.urls_failing")
class ErrorPageTests(PersonaTestCase):
    def setUp(self):
        self.client.raise_request_exception = False

    def get_failing(self, url):
        # The error is logged for the operator (server log), not shown.
        with self.assertLogs("django.request", "ERROR"):
            return self.client.get(url)

    def test_a_failing_page_answers_in_vietnamese_with_the_request_id(self):
        self.login(self.officer_a)
        response = self.get_failing("/hong/")
        self.assertEqual(response.status_code, 500)
        body = response.content.decode()
        self.assertIn("Lỗi hệ thống", body)
        self.assertIn("Mã yêu cầu", body)
        self.assertIn(response["X-Request-ID"], body)

    def test_a_failing_page_shows_no_traceback_and_no_data_of_the_child(self):
        self.login(self.collaborator_a)
        body = self.get_failing("/hong/").content.decode()
        for leak in ("Traceback", "ValueError", "urls_failing", "Lò Thị Mây", "Thái", "040315"):
            self.assertNotIn(leak, body)

    def test_the_server_log_line_carries_the_request_id_shown_to_the_user(self):
        self.login(self.officer_a)
        handler = logging.handlers.BufferingHandler(capacity=10)
        handler.addFilter(RequestIdFilter())
        with self.assertLogs("django.request", "ERROR"):
            # assertLogs stands in for the console handler; this one carries its filter.
            logging.getLogger("django.request").addHandler(handler)
            response = self.client.get("/hong/")
        self.assertEqual(handler.buffer[0].request_id, response["X-Request-ID"])

    def test_a_failing_api_call_answers_json_with_the_request_id_only(self):
        self.login(self.officer_a)
        response = self.get_failing("/api/v1/hong/")
        self.assertEqual(response.status_code, 500)
        self.assertEqual(
            response.json(), {"detail": "Lỗi hệ thống", "request_id": response["X-Request-ID"]}
        )
        self.assertNotIn(CHILD_DETAILS, response.content.decode())

    def test_a_missing_page_is_vietnamese_inside_the_usual_layout(self):
        self.login(self.officer_a)
        response = self.client.get("/khong-co-trang-nay/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Không tìm thấy trang", status_code=404)
        self.assertContains(response, response["X-Request-ID"], status_code=404)
        self.assertContains(response, "Tài khoản của tôi", status_code=404)

    def test_a_record_of_another_ward_is_the_same_vietnamese_404(self):
        self.login(self.officer_b)
        response = self.client.get(f"/can-bo/{self.collaborator_a.pk}/")
        self.assertContains(response, "Không tìm thấy trang", status_code=404)

    def test_a_bad_host_answers_the_vietnamese_400(self):
        response = self.client.get("/dang-nhap/", HTTP_HOST="ke-gia-mao.example")
        self.assertContains(response, "Yêu cầu không hợp lệ", status_code=400)
        self.assertNotIn("ke-gia-mao", response.content.decode())

    def test_an_expired_form_answers_the_vietnamese_403(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/dang-nhap/", {"username": "alice", "password": "x"})
        self.assertContains(response, "Biểu mẫu đã hết hạn", status_code=403)
        self.assertContains(response, response["X-Request-ID"], status_code=403)
        self.assertNotIn("CSRF cookie", response.content.decode())


def load_settings(**env):
    """config.settings as a fresh process would load it with `env`."""
    import config.settings as settings_module

    with mock.patch.dict(os.environ, {k: v for k, v in env.items() if v is not None}):
        for name in [k for k, v in env.items() if v is None]:
            os.environ.pop(name, None)
        return importlib.reload(settings_module)


class SettingsTests(TestCase):
    def tearDown(self):
        import config.settings as settings_module

        importlib.reload(settings_module)

    def test_settings_load_with_debug_unset_and_the_generated_key(self):
        with tempfile.TemporaryDirectory() as tmp:
            key_file = Path(tmp) / "secret_key"
            key_file.write_text("k" * 86 + "\n")
            # DATABASE_URL unset as after `make demo` (the PostgreSQL run of the suite sets it).
            loaded = load_settings(
                DEBUG=None, SECRET_KEY=None, DATABASE_URL=None, SECRET_KEY_FILE=str(key_file)
            )
        self.assertFalse(loaded.DEBUG)
        self.assertEqual(loaded.SECRET_KEY, "k" * 86)
        self.assertTrue(loaded.SECURE_SSL_REDIRECT)
        self.assertTrue(str(loaded.DATABASES["default"]["NAME"]).endswith("treem.sqlite3"))

    def test_settings_refuse_to_load_without_any_key(self):
        with self.assertRaises(ImproperlyConfigured):
            load_settings(DEBUG=None, SECRET_KEY=None, SECRET_KEY_FILE="/nonexistent/secret_key")

    def test_settings_refuse_a_short_key_file(self):
        with tempfile.NamedTemporaryFile("w", suffix="key") as short:
            short.write("abc")
            short.flush()
            with self.assertRaises(ImproperlyConfigured):
                load_settings(DEBUG=None, SECRET_KEY=None, SECRET_KEY_FILE=short.name)

    def test_the_demo_serves_plain_http_on_this_machine_with_debug_off(self):
        loaded = load_settings(DEBUG=None, TREEM_DEMO="1", SECRET_KEY="d" * 60)
        self.assertFalse(loaded.DEBUG)
        self.assertEqual(loaded.ALLOWED_HOSTS, ["127.0.0.1", "localhost"])
        self.assertFalse(getattr(loaded, "SECURE_SSL_REDIRECT", False))
        self.assertFalse(getattr(loaded, "SESSION_COOKIE_SECURE", False))


class SeedDemoGuardTests(TestCase):
    @override_settings(DEBUG=False, DEMO=False)
    def test_seed_demo_refuses_outside_the_demo(self):
        with self.assertRaises(CommandError):
            call_command("seed_demo", stdout=StringIO())

    @override_settings(DEBUG=False, DEMO=True)
    def test_seed_demo_runs_in_the_demo_with_debug_off(self):
        out = StringIO()
        logins = (["login: demo Treem-demo-2026 admin"], [])
        with mock.patch(
            "treem.demo.management.commands.seed_demo.run_seed", return_value=logins
        ) as seed:
            call_command("seed_demo", stdout=out, stderr=StringIO())
        seed.assert_called_once()
        self.assertIn("login: demo", out.getvalue())
