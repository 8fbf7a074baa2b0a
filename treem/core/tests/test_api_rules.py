"""Rules every list of the API shares: pages and filters refuse what the schema
refuses instead of quietly ignoring it (findings of .ci/fuzz)."""

from treem.core.testing import PersonaTestCase
from treem.core.tests.openapi import openapi_schema, schema_errors


def query_parameters(path):
    operation = openapi_schema()["paths"][path]["get"]
    return {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}


class PageSizeTests(PersonaTestCase):
    def test_a_page_size_that_is_not_a_whole_number_of_at_least_1_is_a_400(self):
        client = self.login(self.officer_a)
        for value in ("0.5", "null", "false", "0", "-3", " 5", "+5", "٥", "abc"):
            response = client.get("/api/v1/staff/", {"page_size": value})
            self.assertEqual(response.status_code, 400, value)
            self.assertIn("page_size", response.json(), value)
            self.assertEqual(schema_errors(response, "/api/v1/staff/"), [])

    def test_a_page_size_is_kept_to_500_and_an_empty_one_means_the_default(self):
        client = self.login(self.officer_a)
        one = client.get("/api/v1/staff/", {"page_size": "1"})
        self.assertEqual(len(one.json()["results"]), 1)
        self.assertEqual(schema_errors(one, "/api/v1/staff/"), [])
        for value in ("", "100000"):
            self.assertEqual(client.get("/api/v1/staff/", {"page_size": value}).status_code, 200)

    def test_a_page_past_the_end_is_a_404(self):
        response = self.login(self.officer_a).get("/api/v1/staff/", {"page": "99"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(schema_errors(response, "/api/v1/staff/"), [])

    def test_the_schema_says_pages_start_at_1_and_may_be_left_empty(self):
        parameters = query_parameters("/api/v1/staff/")
        for name in ("page", "page_size"):
            self.assertEqual(parameters[name]["schema"]["minimum"], 1)
            self.assertTrue(parameters[name]["allowEmptyValue"])


class FilterTests(PersonaTestCase):
    def test_a_boolean_filter_takes_true_or_false_only(self):
        client = self.login(self.officer_a)
        for value in ("2", "3", "yes", "0.5", "null"):
            response = client.get("/api/v1/indicators/", {"active": value})
            self.assertEqual(response.status_code, 400, value)
            self.assertIn("active", response.json())
        for value in ("true", "false", ""):
            self.assertEqual(client.get("/api/v1/indicators/", {"active": value}).status_code, 200)

    def test_the_children_list_s_boolean_filters_are_as_strict(self):
        client = self.login(self.officer_a)
        for name in ("disability", "special", "vaccinated"):
            self.assertEqual(client.get("/api/v1/children/", {name: "null"}).status_code, 400)
            self.assertEqual(client.get("/api/v1/children/", {name: "true"}).status_code, 200)

    def test_an_empty_filter_is_no_filter_and_the_schema_says_so(self):
        client = self.login(self.officer_a)
        self.assertEqual(client.get("/api/v1/tasks/", {"timing": ""}).status_code, 200)
        self.assertEqual(client.get("/api/v1/areas/", {"on": ""}).status_code, 200)
        for path, name in (
            ("/api/v1/tasks/", "timing"),
            ("/api/v1/areas/", "on"),
            ("/api/v1/indicators/", "active"),
            ("/api/v1/progress-reports/", "period_end"),
        ):
            self.assertTrue(query_parameters(path)[name].get("allowEmptyValue"), (path, name))


class ErrorAnswerTests(PersonaTestCase):
    def test_every_operation_documents_its_refusals(self):
        for path, path_item in openapi_schema()["paths"].items():
            for method, operation in path_item.items():
                responses = operation["responses"]
                self.assertIn("401", responses, (method, path))
                self.assertIn("404", responses, (method, path))
                takes_input = "requestBody" in operation or any(
                    p["in"] == "query" for p in operation.get("parameters", [])
                )
                if takes_input:
                    self.assertIn("400", responses, (method, path))

    def test_an_object_out_of_reach_is_a_documented_404(self):
        response = self.login(self.officer_a).get("/api/v1/audit-events/0/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(schema_errors(response, "/api/v1/audit-events/{id}/"), [])


class IdFilterTests(PersonaTestCase):
    """A filter on a related object answers the same for an id that does not
    exist as for one outside the caller's scope: django-filter's choice filter
    answered 400 "Select a valid choice" for the first and 200 with an empty
    page for the second, which told a caller which ids exist."""

    MISSING = "999999999"

    @staticmethod
    def invalid_choice():
        """django-filter's refusal of an id it did not find, in both languages."""
        from django.forms import ModelChoiceField
        from django.utils import translation

        message = ModelChoiceField.default_error_messages["invalid_choice"]
        texts = []
        for language in ("en", "vi"):
            with translation.override(language):
                texts.append(str(message).split(".")[0])
        return texts

    def test_no_list_tells_a_missing_id_from_one_out_of_scope(self):
        client = self.login(self.officer_a)
        checked = 0
        for path, path_item in openapi_schema()["paths"].items():
            operation = path_item.get("get")
            # The children's list offers the caller's own wards and codes and answers the
            # same refusal for a missing one and a withheld one (test_filter_privacy.py).
            if operation is None or "{" in path or path == "/api/v1/children/":
                continue
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query" or parameter["name"] in ("page", "page_size"):
                    continue
                if parameter.get("schema", {}).get("type") != "integer":
                    continue
                checked += 1
                response = client.get(path, {parameter["name"]: self.MISSING})
                self.assertNotEqual(response.status_code, 500, (path, parameter["name"]))
                if response.status_code == 400:
                    messages = " ".join(map(str, response.json().get(parameter["name"], [])))
                    for refusal in self.invalid_choice():
                        self.assertNotIn(refusal, messages, (path, parameter["name"]))
        self.assertGreater(checked, 10)

    def test_an_out_of_scope_ward_and_a_missing_one_give_the_same_empty_page(self):
        client = self.login(self.officer_a)
        for path in ("/api/v1/places/", "/api/v1/forums/", "/api/v1/cases/"):
            out_of_scope = client.get(path, {"unit": self.ward_b.pk})
            missing = client.get(path, {"unit": self.MISSING})
            self.assertEqual(out_of_scope.status_code, 200, path)
            self.assertEqual(missing.status_code, 200, path)
            self.assertEqual(out_of_scope.json()["count"], 0, path)
            self.assertEqual(missing.json()["count"], 0, path)
            self.assertEqual(schema_errors(missing, path), [], path)
            # Past what a database column holds: refused, not a server error.
            self.assertEqual(client.get(path, {"unit": "9" * 25}).status_code, 400, path)
