"""The searchable text of a disclosure item's attachment, extracted once when it is uploaded.

Extraction goes through the report readers of the rules package (`rules.parse.readers.read_bytes`), which
bound the input size and refuse zip bombs before python-docx/openpyxl/pdftotext see a byte. Images and the
legacy binary Office formats have no text here. A file that cannot be read is still attached: it is simply
not searchable (its text is empty). The text kept is capped at MAX_CHARS.
"""

from __future__ import annotations

import logging

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
