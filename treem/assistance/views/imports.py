"""Upload of the allowance recipients' list (.xlsx), all or nothing."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from treem.accounts.permissions import Perm

from ..importer import COLUMNS, import_file
from .common import require

MAX_BYTES = 10 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label=_("List of recipients (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an .xlsx file."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


@login_required
def import_recipients(request):
    require(request.user, Perm.EDIT_PERSONAL, Perm.VIEW_SENSITIVE)
    form = UploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = import_file(form.cleaned_data["file"], actor=request.user)
        except Exception:  # noqa: BLE001 - a file openpyxl cannot read is the user's error
            form.add_error("file", _("This file cannot be read as .xlsx."))
    return render(
        request,
        "assistance/import.html",
        {"form": form, "report": report, "columns": COLUMNS},
    )
