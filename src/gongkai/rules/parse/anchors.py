"""Finding row labels in compacted report text, and where a row's values stop.

An Anchor is where a row's label (one of its keys, rules.parse.labels) was found. The values of a
row are the numbers between its label and the next row's label; the helpers here say where a
printed label really begins (pdftotext may print a row's numbers between the lines of its label) and
where the values after a table's last row end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.rules.parse.digits import chunks_of
from gongkai.rules.parse.normalize import BLANK

# A printed item number ("5.要求…") stands at most this far before the key that matched its row:
# the longest table-3 item label keeps its distinctive key within its first 30 characters.
ITEM_NUMBER_REACH = 30
# Text that ends a row's values: a run of this many characters that are neither digits, blanks,
# separators nor units (a heading, a note, the next table's title). Shorter runs are wrapped label
# fragments ("办理") that pdftotext prints after the numbers of the label's first line.
TEXT_RUN = 6
# Inside a table printed in parts, a header between the parts is at least this long.
HEADER_RUN = 3

_DIGIT_OR_BLANK = re.compile(r"[\d" + BLANK + "]")
_NOT_LABEL = re.compile(r"[\d\s" + BLANK + r".,:;、()\-/%]+")
_VALUE_CHARS = r"\d\s" + BLANK + r".\-元万%"
_TEXT_END = re.compile(rf"[^{_VALUE_CHARS}]{{{TEXT_RUN},}}")
_HEADER_END = re.compile(rf"[^{_VALUE_CHARS}|]{{{HEADER_RUN},}}")


@dataclass
class Anchor:
    key: str
    start: int
    end: int
    matched: str  # the key that matched


def find_first(text: str, keys: tuple[str, ...], start: int, end: int) -> Anchor | None:
    """The earliest occurrence of any key in text[start:end] (the longest key on a tie)."""
    best: Anchor | None = None
    for k in keys:
        i = text.find(k, start, end)
        if i >= 0 and (best is None or i < best.start or (i == best.start and len(k) > len(best.matched))):
            best = Anchor("", i, i + len(k), k)
    return best


def find_unused(text: str, keys: tuple[str, ...], start: int, end: int, used: list[Anchor]) -> Anchor | None:
    """The first occurrence of a key that overlaps no anchor already taken."""
    pos = start
    while pos < end:
        a = find_first(text, keys, pos, end)
        if a is None:
            return None
        if not any(u.start <= a.start < u.end or a.start <= u.start < a.end for u in used):
            return a
        pos = a.start + 1
    return None


def segment_values(text: str, start: int, end: int, next_item: int | None) -> str:
    """The text holding a row's values, without the next row's item number ("… 0 0 5.要求")."""
    seg = text[start:end]
    if next_item is not None:
        seg = re.sub(rf"{next_item}\s*[.、]\D{{0,8}}$", "", seg)
    return seg


def printed_label(text: str, prev_end: int, anchor: Anchor, seg_end: int) -> str:
    """The label text as printed: from the last number before the anchor to the first number after."""
    head = text[prev_end : anchor.start]
    last = max((m.end() for m in _DIGIT_OR_BLANK.finditer(head)), default=0)
    head = head[last:]
    # a wrapped label may continue after the row's numbers (pdftotext prints them on its first line)
    tail = re.sub(r"[\d\s" + BLANK + r".]+", "", text[anchor.start : seg_end])
    return (head + tail).strip().lstrip(".、")


def label_matches(printed: str, standard_core: str) -> bool:
    """Whether the printed label holds every character of the standard one, in order: layout may
    insert text (a merged group cell printed across the item's lines), a typo drops or changes some."""
    want = _NOT_LABEL.sub("", standard_core)
    have = iter(_NOT_LABEL.sub("", printed))
    return all(ch in have for ch in want)


def label_begin(text: str, a: Anchor, lower: int, item: int | None) -> int:
    """Where a row's printed label begins: at its item number when that stands apart from the
    numbers before it, else at the anchor."""
    if item is None:
        return a.start
    lo = max(lower, a.start - ITEM_NUMBER_REACH)
    found = None
    for m in re.finditer(rf"(?<![\d.]){item}\s*[.、](?=\D)", text[lo : a.start]):
        found = m
    return lo + found.start() if found else a.start


def table_end(text: str, start: int, limit: int) -> int:
    """Where the values after the last row stop: at the first long run of non-numeric text."""
    m = _TEXT_END.search(text, start, limit)
    return m.start() if m else limit


def values_end(text: str, start: int, limit: int, n: int) -> int:
    """The end of a table's values: the first stretch of text after at least n numbers (a table
    printed in parts has headers between its parts)."""
    count = 0
    pos = start
    for m in _HEADER_END.finditer(text, start, limit):
        count += len(chunks_of(text[pos : m.start()]))
        pos = m.end()
        if count >= n:
            return m.start()
    return limit
