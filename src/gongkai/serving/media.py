"""Public media (published attachments) in production.

The app checks the name and, with GONGKAI_MEDIA_ACCEL=1, hands the sending to nginx through
`X-Accel-Redirect: /_media/<name>` (an `internal` location: nobody can ask nginx for it directly);
otherwise it streams the file itself. Private files (applicants' attachments) are never here: they live
in private storage and are served only by views that check permission."""

from __future__ import annotations

import mimetypes
import posixpath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse

ACCEL_PREFIX = "/_media/"


def _safe(name: str) -> str:
    clean = posixpath.normpath(name).lstrip("/")
    if clean.startswith("..") or "\x00" in clean or clean in ("", "."):
        raise Http404("没有这个文件。")
    return clean


# Folders whose files are served only by views that check permission or publication (never as /media/).
PRIVATE_PREFIXES = ("disclosures/", "applications/")


def serve_media(request, path: str):
    name = _safe(path)
    if name.startswith(PRIVATE_PREFIXES):
        raise Http404("没有这个文件。")
    try:
        exists = default_storage.exists(name)
    except Exception:  # noqa: BLE001 - a bad name is simply not found
        exists = False
    if not exists:
        raise Http404("没有这个文件。")
    ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if settings.GONGKAI_MEDIA_ACCEL:
        resp = HttpResponse(content_type=ctype)
        resp["X-Accel-Redirect"] = ACCEL_PREFIX + quote(name)
    else:
        resp = FileResponse(default_storage.open(name, "rb"), content_type=ctype)
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return resp
