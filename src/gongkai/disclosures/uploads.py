"""Attachments are checked by content (magic bytes and, for Office files, the container), not only by the
name's extension, and by size."""

from __future__ import annotations

import io
import zipfile

from django.conf import settings

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EXTENSIONS = {"pdf": "PDF", "docx": "Word", "doc": "Word", "xlsx": "Excel", "xls": "Excel"}


class UploadError(ValueError):
    """The message says what is wrong with the file and what to do (Chinese)."""


def max_bytes() -> int:
    return int(getattr(settings, "GONGKAI_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))


def sniff(data: bytes) -> str | None:
    """The file type by content: pdf, docx, xlsx, or ole (legacy .doc/.xls); None when none of these."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(OLE_MAGIC):
        return "ole"
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def check_upload(name: str, data: bytes) -> str:
    """Return the kind (pdf, docx, doc, xlsx, xls) or raise UploadError."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in EXTENSIONS:
        raise UploadError(f"“{name}”的类型不允许上传：附件只能是 PDF、Word（.doc/.docx）或 Excel（.xls/.xlsx）文件。")
    if not data:
        raise UploadError(f"“{name}”是空文件，请重新选择。")
    limit = max_bytes()
    if len(data) > limit:
        raise UploadError(f"“{name}”有 {len(data) / 1048576:.1f} MB，超过 {limit / 1048576:.0f} MB 的上限，请压缩或拆分后再上传。")
    kind = sniff(data)
    ok = (kind == ext) or (kind == "ole" and ext in {"doc", "xls"})
    if not ok:
        raise UploadError(
            f"“{name}”的内容不是{EXTENSIONS[ext]}文件（扩展名与实际内容不符），请用原始文件重新上传。"
        )
    return ext
