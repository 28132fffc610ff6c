"""Text made safe for the files and feeds the platform writes (the twin of `privacy`: that one removes
personal data, this one removes what a file format cannot carry).

XML 1.0 — and so .xlsx, .docx, RSS and Atom — cannot hold the C0 control characters other than tab,
newline and carriage return (a `\\x0b` typed into a public form made openpyxl, python-docx and Django's
feed writer raise). WeasyPrint reads them but prints boxes. Every writer passes stored text through
`clean_text` (or `clean_value` for values that may be something else) right before writing it, so whatever
was stored — before the forms stripped such characters, or by an import — exports without a 500.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls except \t \n \r, and DEL (not invalid in XML, but invisible and never meant).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """`text` without the control characters XML cannot hold (tab, newline and carriage return stay)."""
    return CONTROL_CHARS.sub("", text)


def clean_value(value: Any) -> Any:
    """Strings cleaned; anything else (numbers, dates, None) unchanged."""
    return clean_text(value) if isinstance(value, str) else value


def has_control_chars(text: str) -> bool:
    return bool(CONTROL_CHARS.search(text or ""))
