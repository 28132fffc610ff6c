"""The one error the report parser raises: the input cannot be read as an annual report."""

from __future__ import annotations


class ReportParseError(ValueError):
    """Unreadable input (empty, binary, damaged, too large, wrong encoding, not an annual report).

    The message is Chinese and says what is wrong and what to do about it."""
