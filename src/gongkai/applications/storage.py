"""Private storage for applicants' attachments: outside MEDIA_ROOT (which is public), random file names.

Files are served only by the staff view (applications:attachment, permission-checked) and the applicant's
status session (applications_public:status_attachment). The original file name is kept on the row.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage


def private_root() -> Path:
    """`GONGKAI_PRIVATE_ROOT`, by default `VAR_DIR/private` (never under MEDIA_ROOT)."""
    return Path(getattr(settings, "GONGKAI_PRIVATE_ROOT", None) or Path(settings.VAR_DIR) / "private")


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage without a URL, whose root follows the settings (read on every use)."""

    @property
    def base_location(self):
        return private_root()

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("申请材料不能通过公开网址访问。")


_STORAGE = PrivateStorage()


def private_storage():
    """The field's storage (a callable, so migrations do not freeze a path): STORAGES["private"], which is
    this class unless the site keeps its files in S3-compatible storage (GONGKAI_STORAGE=s3)."""
    from django.conf import settings
    from django.core.files.storage import storages

    return storages["private"] if "private" in settings.STORAGES else _STORAGE


def attachment_name(instance, filename: str) -> str:
    """`applications/<agency>/<random>.<ext>`: the name cannot be guessed from the case or the file."""
    ext = Path(filename).suffix.lower()[:10]
    return f"applications/{instance.application.agency_id}/{secrets.token_hex(16)}{ext}"


def open_file(field_file):
    """Open an attachment; rows saved before private storage (files under MEDIA_ROOT) still open."""
    storage = field_file.storage
    if not storage.exists(field_file.name) and default_storage.exists(field_file.name):
        return default_storage.open(field_file.name, "rb")
    return storage.open(field_file.name, "rb")
