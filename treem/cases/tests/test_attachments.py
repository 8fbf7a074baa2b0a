"""Attachments: the type is read from the bytes, the size is limited, and
files are served only through the scoped view, as downloads that are never
sniffed or run."""

import io
import shutil
import tempfile
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from treem.cases.models import Attachment
from treem.cases.services import CaseError, add_attachment
from treem.cases.services.files import MAX_BYTES

from .base import CaseTestCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


class AttachmentTests(CaseTestCase):
    def setUp(self):
        self.media = tempfile.mkdtemp()
        self.override = override_settings(MEDIA_ROOT=self.media)
        self.override.enable()
        self.case = self.intake()

    def tearDown(self):
        self.override.disable()
        shutil.rmtree(self.media, ignore_errors=True)

    def upload(self, name, content):
        return add_attachment(self.case, SimpleUploadedFile(name, content), actor=self.officer_a)

    def test_pdf_images_and_office_documents_are_accepted(self):
        self.assertEqual(self.upload("bien-ban.pdf", PDF).content_type, "application/pdf")
        self.assertEqual(self.upload("anh.png", PNG).content_type, "image/png")
        self.assertTrue(
            self.upload("mau.docx", docx()).content_type.endswith("wordprocessingml.document")
        )

    def test_a_file_whose_content_does_not_match_its_name_is_refused(self):
        with self.assertRaises(CaseError):
            self.upload("virus.pdf", b"MZ\x90\x00 this is an exe")
        with self.assertRaises(CaseError):
            self.upload("anh.png", PDF)
        with self.assertRaises(CaseError):
            self.upload("trang.html", b"<html><script>alert(1)</script>")
        with self.assertRaises(CaseError):
            self.upload("fake.docx", b"PK\x03\x04not a zip")
        self.assertFalse(Attachment.objects.exists())

    def test_too_large_a_file_is_refused(self):
        with self.assertRaises(CaseError):
            self.upload("big.pdf", PDF + b"0" * MAX_BYTES)

    def test_the_file_is_stored_under_a_random_name(self):
        attachment = self.upload("Nguyen Thi Anh.pdf", PDF)
        self.assertNotIn("Nguyen", attachment.file.name)
        self.assertTrue(attachment.file.path.startswith(self.media))

    def test_the_download_is_an_attachment_with_a_safe_type(self):
        attachment = self.upload("bien-ban.pdf", PDF)
        self.login(self.officer_a)
        response = self.client.get(reverse("cases:attachment", args=[self.case.pk, attachment.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(b"".join(response.streaming_content), PDF)

    def test_other_wards_and_roles_cannot_download(self):
        attachment = self.upload("bien-ban.pdf", PDF)
        url = reverse("cases:attachment", args=[self.case.pk, attachment.pk])
        for user in (self.officer_b, self.collaborator_a, self.reporter_a, self.viewer):
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 404, user)

    def test_uploading_through_the_page(self):
        self.login(self.officer_a)
        self.client.post(
            reverse("cases:attachment-add", args=[self.case.pk]),
            {"file": SimpleUploadedFile("x.pdf", PDF), "description": "Biên bản"},
        )
        self.assertEqual(Attachment.objects.get().description, "Biên bản")
        self.login(self.officer_b)
        response = self.client.post(
            reverse("cases:attachment-add", args=[self.case.pk]),
            {"file": SimpleUploadedFile("y.pdf", PDF)},
        )
        self.assertEqual(response.status_code, 404)
