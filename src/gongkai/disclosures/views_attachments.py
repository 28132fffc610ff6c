"""Attachments of disclosure items live in private storage and are served only here: to the public while
the item is public now (published or expired — never a draft, an item under review or a withdrawn one), and
to staff who may see the item. There is no /media/ address for them."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from gongkai.applications.storage import open_file
from gongkai.disclosures.models import Attachment, DisclosureItem
from gongkai.workbench.decorators import staff_required


def _send(att: Attachment) -> FileResponse:
    try:
        handle = open_file(att.file)
    except FileNotFoundError:
        raise Http404("附件文件不存在。") from None
    inline = att.kind == "pdf"
    resp = FileResponse(handle, as_attachment=not inline, filename=att.original_name,
                        content_type="application/pdf" if inline else "application/octet-stream")
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Security-Policy"] = "default-src 'none'; sandbox"
    resp["Cache-Control"] = "no-cache"  # a withdrawn item's file must not live on in shared caches
    return resp


def public_attachment(request, slug: str, pk: int, att_id: int):
    item = get_object_or_404(DisclosureItem.objects.public(), agency__slug=slug, pk=pk)
    return _send(get_object_or_404(item.attachments, pk=att_id))


@staff_required
def staff_attachment(request, pk: int, att_id: int):
    item = get_object_or_404(DisclosureItem.objects.for_user(request.user), pk=pk)
    return _send(get_object_or_404(item.attachments, pk=att_id))
