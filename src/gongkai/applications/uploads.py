"""Attachments: checked by type (extension and file signature) and size."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

ALLOWED = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".txt": (),
}
MAX_FILES = 5


def max_bytes() -> int:
    return min(getattr(settings, "GONGKAI_UPLOAD_MAX_BYTES", 20 * 1024 * 1024), 10 * 1024 * 1024)


def check(upload) -> None:
    name = Path(upload.name).name
    ext = Path(name).suffix.lower()
    if ext not in ALLOWED:
        raise ValidationError(f"附件“{name}”的类型不支持，请上传 PDF、JPG、PNG、Word、Excel 或 TXT 文件。")
    if upload.size > max_bytes():
        raise ValidationError(f"附件“{name}”超过 {max_bytes() // (1024 * 1024)}MB，请压缩或分拆后再上传。")
    if upload.size == 0:
        raise ValidationError(f"附件“{name}”是空文件。")
    head = upload.read(8)
    upload.seek(0)
    signatures = ALLOWED[ext]
    if signatures and not any(head.startswith(s) for s in signatures):
        raise ValidationError(f"附件“{name}”的内容与扩展名 {ext} 不符，请检查文件。")
    if not signatures and b"\x00" in head:
        raise ValidationError(f"附件“{name}”不是文本文件。")


def check_all(uploads) -> list:
    uploads = [u for u in uploads if u]
    if len(uploads) > MAX_FILES:
        raise ValidationError(f"附件最多 {MAX_FILES} 个。")
    for u in uploads:
        check(u)
    return uploads
