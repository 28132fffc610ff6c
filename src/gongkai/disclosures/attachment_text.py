"""The searchable text of a disclosure item's attachment, extracted once when it is uploaded.

Extraction goes through the report readers of the rules package (`rules.parse.readers.read_bytes`), which
bound the input size and refuse zip bombs before python-docx/openpyxl/pdftotext see a byte. Images and the
legacy binary Office formats have no text here. A file that cannot be read is still attached: it is simply
not searchable (its text is empty). The text kept is capped at MAX_CHARS.

`extract` reads an upload (disclosures.actions.add_attachment); `extract_missing` reads again, through the
same `extract`, the stored attachments that have no text yet (the disclosures_reindex command).
"""

from __future__ import annotations

import logging

from gongkai.disclosures.models import Attachment
from gongkai.rules.parse.errors import ReportParseError
from gongkai.rules.parse.readers import read_bytes

MAX_CHARS = 200_000
MAX_FILE_BYTES = 20 * 1024 * 1024  # the readers refuse more (rules.parse.readers.MAX_BYTES)
TEXT_KINDS = ("pdf", "docx", "xlsx", "txt")

log = logging.getLogger(__name__)


def extract(kind: str, data: bytes, name: str = "") -> str:
    """Plain text of an attachment for the search index ("" when it has none or cannot be read)."""
    if kind not in TEXT_KINDS or not data or len(data) > MAX_FILE_BYTES:
        return ""
    try:
        _kind, text = read_bytes(data, name or f"attachment.{kind}")
    except (ReportParseError, ValueError, OSError) as exc:
        log.info("attachment %s not indexed: %s", name, exc)
        return ""
    return " ".join(text.split())[:MAX_CHARS]


def extract_missing() -> int:
    """Extract the text of every stored attachment of a text kind that has none (uploaded before extraction
    existed, or unreadable then); returns how many got a text. A file missing from storage is skipped."""
    extracted = 0
    for att in Attachment.objects.filter(text="", kind__in=TEXT_KINDS).iterator():
        try:
            with att.file.open("rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
        except OSError:
            continue
        text = extract(att.kind, data, att.original_name)
        if text:
            Attachment.objects.filter(pk=att.pk).update(text=text)
            extracted += 1
    return extracted
