"""Upload rules for attachments: the type is read from the content (magic
bytes) and must agree with the file name's extension; the size is limited.
Files are never executed or shown inline: the download view sends them as
attachments with the detected type and `nosniff`."""

import zipfile

from django.utils.translation import gettext as _

from .common import CaseError

MAX_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
OLE = "application/x-ole-storage"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"

EXTENSIONS = {
    "pdf": PDF,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    "docx": DOCX,
    "xlsx": XLSX,
    "odt": ODT,
    "ods": ODS,
    "doc": DOC,
    "xls": XLS,
}


def _zip_kind(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return DOCX
                if any(n.startswith("xl/") for n in names):
                    return XLSX
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype in (ODT, ODS):
                    return mimetype
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def detect(upload):
    """The content type read from the bytes, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(upload)
        upload.seek(0)
    elif head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        kind = OLE
    return kind


def check_upload(upload):
    """Returns the content type to serve the file with, or raises CaseError."""
    if upload.size > MAX_BYTES:
        raise CaseError(
            _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if upload.size == 0:
        raise CaseError(_("The file is empty."))
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    expected = EXTENSIONS.get(extension)
    if expected is None:
        raise CaseError(
            _(
                "Only PDF, PNG, JPEG and office documents (docx, xlsx, odt, ods, doc, xls) "
                "are accepted."
            )
        )
    found = detect(upload)
    if found == OLE and expected in (DOC, XLS):
        found = expected
    if found != expected:
        raise CaseError(
            _("The file's content does not match its type “.%(ext)s”.") % {"ext": extension}
        )
    return found


def download_response(file, *, filename, content_type):
    """A stored upload sent back as a download under the same rules as the
    cases' attachments: never rendered by the browser as a page (`nosniff`, a
    sandbox with nothing allowed), whatever its type claims."""
    from django.http import FileResponse

    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
