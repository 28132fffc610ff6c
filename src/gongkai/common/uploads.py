"""Checking uploaded files: extension from a per-use allow-list, size, content (magic bytes) and, for Office
Open XML files, the zip container itself (main content type, no macros, bounded uncompressed size so that
openpyxl/python-docx are never fed a zip bomb).

Errors are `ValidationError`s with a Chinese message naming the file, what is wrong and what to do.
This is the one upload checker of the platform: application attachments, reply files, disclosure-item
attachments (`check_bytes`), ledger imports and the batch audit's archives all come through here.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB  # settings.GONGKAI_UPLOAD_MAX_BYTES when not configured

# zip-bomb guards for OOXML containers
MAX_UNCOMPRESSED_BYTES = 100 * MB
MAX_COMPRESSION_RATIO = 100
MAX_MEMBERS = 10_000
MAX_CONTENT_TYPES_BYTES = 1 * MB


@dataclass(frozen=True)
class Kind:
    label: str
    magic: tuple[bytes, ...] = ()  # empty: plain text (no NUL bytes)
    main_content_type: str = ""  # OOXML: the part content type [Content_Types].xml must declare


KINDS: dict[str, Kind] = {
    "pdf": Kind("PDF", (b"%PDF-",)),
    "jpg": Kind("JPG", (b"\xff\xd8\xff",)),
    "jpeg": Kind("JPG", (b"\xff\xd8\xff",)),
    "png": Kind("PNG", (b"\x89PNG\r\n\x1a\n",)),
    "doc": Kind("Word", (OLE_MAGIC,)),
    "xls": Kind("Excel", (OLE_MAGIC,)),
    "docx": Kind("Word", (ZIP_MAGIC,),
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": Kind("Excel", (ZIP_MAGIC,),
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    "txt": Kind("TXT"),
}


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{max(1, n // 1024)} KB"


def _labels(allowed) -> str:
    return "、".join(dict.fromkeys(f"{KINDS[e].label}（.{e}）" for e in allowed))


def _check_ooxml(upload, name: str, kind: Kind) -> None:
    bad = f"“{name}”不是有效的{kind.label}文件（内容与扩展名不符或已损坏），请用原始文件重新上传。"
    try:
        with zipfile.ZipFile(upload) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise ValidationError(f"“{name}”包含的部件过多，无法安全读取，请另存为新文件后再上传。")
            total = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
                raise ValidationError(f"“{name}”解压后过大（约 {total // MB} MB），无法安全读取，"
                                      "请删除无关的工作表、图片后另存再上传。")
            types = next((i for i in infos if i.filename == "[Content_Types].xml"), None)
            if types is None or types.file_size > MAX_CONTENT_TYPES_BYTES:
                raise ValidationError(bad)
            declared = zf.read(types).decode("utf-8", "replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError):
        raise ValidationError(bad) from None
    finally:
        upload.seek(0)
    if kind.main_content_type not in declared:
        raise ValidationError(f"“{name}”不是普通的{kind.label}文件（可能含有宏或扩展名被改过），"
                              f"请另存为标准格式后再上传。")


def check(upload, allowed: tuple[str, ...], max_bytes: int) -> str:
    """Check one uploaded file (a Django UploadedFile or any seekable file object with `.name`/`.size`)
    against the allow-list of extensions and the size limit; return the extension."""
    name = Path(getattr(upload, "name", "") or "").name or "文件"
    ext = Path(name).suffix.lower().lstrip(".")
    if ext not in allowed or ext not in KINDS:
        raise ValidationError(f"“{name}”的类型不支持，请上传 {_labels(allowed)} 文件。")
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    upload.seek(0)
    if size == 0:
        raise ValidationError(f"“{name}”是空文件，请重新选择。")
    if size > max_bytes:
        raise ValidationError(f"“{name}”有 {_size(size)}，超过 {_size(max_bytes)} 的上限，"
                              "请压缩或拆分后再上传。")
    kind = KINDS[ext]
    head = upload.read(8)
    upload.seek(0)
    if kind.magic and not any(head.startswith(m) for m in kind.magic):
        raise ValidationError(f"“{name}”的内容与扩展名 .{ext} 不符，请检查文件后用原始文件重新上传。")
    if not kind.magic and b"\x00" in upload.read(8192):
        upload.seek(0)
        raise ValidationError(f"“{name}”不是文本文件，请检查文件。")
    upload.seek(0)
    if kind.main_content_type:
        _check_ooxml(upload, name, kind)
    return ext


def configured_max_bytes(hard_max: int | None = None) -> int:
    """The configured upload size limit (settings.GONGKAI_UPLOAD_MAX_BYTES), capped at `hard_max` when given."""
    limit = int(getattr(settings, "GONGKAI_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))
    return min(limit, hard_max) if hard_max is not None else limit


def check_bytes(name: str, data: bytes, allowed: tuple[str, ...], max_bytes: int) -> str:
    """`check` for content already read into memory (e.g. an attachment handed to an action as bytes)."""
    return check(ContentFile(data, name=name or "文件"), allowed, max_bytes)


def check_all(uploads, allowed: tuple[str, ...], max_bytes: int, max_files: int) -> list:
    """Several files of one form field: at most `max_files`, each checked; returns the non-empty ones."""
    uploads = [u for u in uploads or () if u]
    if len(uploads) > max_files:
        raise ValidationError(f"最多上传 {max_files} 个文件，请合并或删减后再上传。")
    for u in uploads:
        check(u, allowed, max_bytes)
    return uploads


# --- ZIP archives of several files (the supervisor's batch audit) ----------------------------------
KINDS["zip"] = Kind("ZIP", (ZIP_MAGIC,))
MAX_ARCHIVE_MEMBERS = 500
MAX_ARCHIVE_BYTES = 200 * MB


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its maker wrote it: Chinese Windows tools write GBK without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def unpack_archive(upload, max_member_bytes: int,
                   max_members: int = MAX_ARCHIVE_MEMBERS, max_total: int = MAX_ARCHIVE_BYTES) -> list[tuple[str, bytes]]:
    """The files of an uploaded ZIP (checked with `check(upload, ("zip",), …)` first): member count,
    total uncompressed size and each path name are checked before anything is read; folders, hidden
    files and macOS resource forks are skipped. Returns (name, bytes) in archive order; members whose
    type is not allowed are returned too (the caller reports them one by one)."""
    name = Path(getattr(upload, "name", "") or "").name or "压缩包"
    try:
        with zipfile.ZipFile(upload) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            if len(infos) > max_members:
                raise ValidationError(f"“{name}”包含 {len(infos)} 个文件，超过 {max_members} 个的上限，请分批上传。")
            total = sum(i.file_size for i in infos)
            if total > max_total:
                raise ValidationError(f"“{name}”解压后约 {_size(total)}，超过 {_size(max_total)} 的上限，请分批上传。")
            out: list[tuple[str, bytes]] = []
            for info in infos:
                member = _member_name(info).replace("\\", "/")
                parts = [p for p in member.split("/") if p]
                if member.startswith("/") or ".." in parts or not parts or ":" in parts[0]:
                    raise ValidationError(f"“{name}”中的文件名“{member}”不安全（含绝对路径或“..”），请重新打包后上传。")
                if parts[0] == "__MACOSX" or parts[-1].startswith("."):
                    continue
                if info.file_size > max_member_bytes:
                    out.append((parts[-1], b""))  # too large: the caller names it, nothing is read
                    continue
                out.append(("/".join(parts), zf.read(info)))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError):
        raise ValidationError(f"“{name}”不是有效的 ZIP 压缩包（已损坏或加密），请重新打包后上传。") from None
    finally:
        upload.seek(0)
    return out
