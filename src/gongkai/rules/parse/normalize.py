"""Text normalization shared by the readers and the table parser.

`normalize` folds full-width forms (NFKC: （）→(), ０→0, ：→:), drops page markers and quote marks;
`compact` removes the whitespace that layout, scraping and line wrapping put inside labels while
keeping one space between two numbers, so that "（三）不予\\n公开" and "（三）不 予公开" both read
"(三)不予公开" and "21    0" stays two numbers. BLANK marks a cell printed empty.
"""

from __future__ import annotations

import re
import unicodedata

BLANK = "\ue000"  # a table cell printed empty (or as "—", "/")
DASH_CELLS = frozenset({"-", "--", "—", "——", "–", "/", "\\", "无", "－", "~", "…"})

_PAGE_MARK = re.compile(
    r"^[ \t]*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})[ \t]*$",
    re.M,
)
_GENERIC_HEADER = re.compile(r"(?:数据|列|栏|项|col|column|Column)\s*\d{1,2}")
_QUOTES = re.compile("[\"'“”‘’「」『』]")
_WS = re.compile(r"\s+")
_MD_RULE = re.compile(r"[|:\-\s]+")
_CELL_GAP = re.compile(r"\t|\s{2,}")
_NUMERIC_LEFT = frozenset("0123456789" + BLANK)
_NUMERIC_RIGHT = frozenset("0123456789-" + BLANK)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return strip_marks(text)


def strip_marks(text: str) -> str:
    """What `normalize` does after folding: page markers and quote marks removed."""
    text = _PAGE_MARK.sub("", text)
    return _QUOTES.sub("", text)


def cells_of_line(line: str) -> list[str]:
    """A line of plain or `pdftotext -layout` text cut into cells at runs of 2+ spaces or tabs.
    A whitespace-only line (scrapers print an empty table cell that way) is one blank cell."""
    if not line:
        return []
    if not line.strip():
        return [BLANK]
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:  # a Markdown (OCR) table row
        if _MD_RULE.fullmatch(stripped):
            return []
        inner = [c.strip() for c in stripped.strip("|").split("|")]
        # generic column names an OCR tool invents ("数据1", "列2") are not values
        inner = [c for c in inner if not _GENERIC_HEADER.fullmatch(c)]
        return [BLANK if not c or c in DASH_CELLS else c for c in inner]
    out = []
    for c in _CELL_GAP.split(stripped):
        c = c.strip()
        if c:
            out.append(BLANK if c in DASH_CELLS else c)
    return out


def compact(text: str) -> str:
    """Join cells and wrapped lines: drop whitespace unless it separates two numbers (or blanks)."""

    def repl(m: re.Match[str]) -> str:
        s, e = m.start(), m.end()
        if s > 0 and e < len(text) and text[s - 1] in _NUMERIC_LEFT and text[e] in _NUMERIC_RIGHT:
            return " "
        return ""

    return _WS.sub(repl, text)
