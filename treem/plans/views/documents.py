from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treem.accounts.permissions import Perm
from treem.accounts.scope import has_perm

from ..forms import DocumentForm, LinkForm
from ..models import DocumentKind, DocumentLink, GuidingDocument, Plan
from ..services import PlanError
from ..services.documents import create_document, link_documents, unlink_documents, update_document
from .common import fail, require

# Guiding documents are public Party and state documents: everyone who sees
# plans reads them; plan managers keep the register.


@login_required
def document_list(request):
    require(request.user, Perm.VIEW_PLANS)
    documents = GuidingDocument.objects.order_by("-issued_on", "-issued_year", "title")
    kind = request.GET.get("loai", "")
    if kind in DocumentKind.values:
        documents = documents.filter(kind=kind)
    query = request.GET.get("q", "").strip()
    if query:
        documents = documents.filter(
            Q(title__icontains=query)
            | Q(number_symbol__icontains=query)
            | Q(issuing_body__icontains=query)
        )
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/document_list.html",
        {
            "page_obj": page,
            "kinds": DocumentKind.choices,
            "kind": kind,
            "q": query,
            "can_edit": has_perm(request.user, Perm.MANAGE_PLANS),
        },
    )


@login_required
def document_detail(request, pk):
    require(request.user, Perm.VIEW_PLANS)
    document = get_object_or_404(GuidingDocument, pk=pk)
    can_edit = has_perm(request.user, Perm.MANAGE_PLANS)
    context = {
        "document": document,
        "links_out": document.links_out.select_related("target"),
        "links_in": document.links_in.select_related("source"),
        "plans": Plan.objects.visible_to(request.user).filter(document=document),
        "can_edit": can_edit,
        "link_form": LinkForm() if can_edit else None,
    }
    return render(request, "plans/document_detail.html", context)


def _save(request, document=None):
    if not has_perm(request.user, Perm.MANAGE_PLANS):
        raise Http404
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in DocumentForm.Meta.fields}
        try:
            if document is None:
                document = create_document(
                    actor=request.user, file=form.cleaned_data["file"], **fields
                )
            else:
                document = update_document(
                    GuidingDocument.objects.get(pk=document.pk),
                    actor=request.user,
                    file=form.cleaned_data["file"],
                    **fields,
                )
        except PlanError as exc:
            fail(request, exc)
        else:
            messages.success(request, _("The document was saved."))
            return redirect(document)
    return render(request, "plans/document_form.html", {"form": form, "document": document})


@login_required
def document_create(request):
    return _save(request)


@login_required
def document_edit(request, pk):
    return _save(request, get_object_or_404(GuidingDocument, pk=pk))


@login_required
@require_POST
def document_link(request, pk):
    if not has_perm(request.user, Perm.MANAGE_PLANS):
        raise Http404
    document = get_object_or_404(GuidingDocument, pk=pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            link_documents(
                document, form.cleaned_data["kind"], form.cleaned_data["target"], actor=request.user
            )
        except PlanError as exc:
            fail(request, exc)
    return redirect(document)


@login_required
@require_POST
def document_unlink(request, pk):
    if not has_perm(request.user, Perm.MANAGE_PLANS):
        raise Http404
    link = get_object_or_404(DocumentLink, pk=pk)
    unlink_documents(link, actor=request.user)
    return redirect(link.source)


@login_required
def document_file(request, pk):
    require(request.user, Perm.VIEW_PLANS)
    document = get_object_or_404(GuidingDocument, pk=pk)
    if not document.file:
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / document.file.name).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=Path(document.file.name).name,
        content_type="application/octet-stream",
    )
