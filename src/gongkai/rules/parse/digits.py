"""Numbers in a table segment, and splitting flattened digit runs.

Scrapers that drop cell boundaries print a row "71 3 0 0 0 0 74" as "713000074". A row is read as a
list of chunks (what stood between separators); a chunk splits into one or more values, never with
a leading zero ("05"), a sign only on its first value, a decimal or a unit only on its last.
`splits` enumerates every way to read the chunks as exactly n values, optionally forcing "sum"
cells (a 总计 equal to the cells before it), which prunes the search to a handful of candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from gongkai.rules.parse.normalize import BLANK

_TOKEN = re.compile(
    BLANK + r"|(?P<num>-?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?)(?P<unit>万元|元|%)?"
)
_ANNOTATION = re.compile(
    r"\((?:其中|含|包括|包含|注|另有|内含|不含)[^()]{0,40}\)|\([^()\d]{0,20}\d+(?:件|项|条|个)[^()]{0,12}\)"
)


@dataclass(frozen=True)
class Chunk:
    digits: str  # "-?\d+(\.\d+)?" without thousands separators; "" for a blank cell
    unit: str = ""  # "元", "万元", "%" or ""
    blank: bool = False

    @property
    def flat(self) -> bool:
        """Could hold more than one value."""
        return not self.blank and len(self.digits.lstrip("-").split(".")[0]) > 1


@dataclass(frozen=True)
class Piece:
    text: str  # "" for a blank cell
    unit: str = ""

    @property
    def blank(self) -> bool:
        return self.text == ""

    @property
    def value(self) -> int | Decimal:
        if not self.text:
            return 0
        return Decimal(self.text) if "." in self.text else int(self.text)


def chunks_of(segment: str) -> list[Chunk]:
    segment = _ANNOTATION.sub(" ", segment)
    out: list[Chunk] = []
    for m in _TOKEN.finditer(segment):
        if m.group(0) == BLANK:
            out.append(Chunk("", blank=True))
        else:
            out.append(Chunk(m.group("num").replace(",", ""), m.group("unit") or ""))
    return out


def _valid_piece(p: str) -> bool:
    body = p[1:] if p.startswith("-") else p
    if not body or body.startswith(".") or body.endswith("."):
        return False
    intpart = body.split(".")[0]
    return not (len(intpart) > 1 and intpart[0] == "0") and intpart.isdigit()


def splits(
    chunks: Sequence[Chunk],
    n: int,
    totals: dict[int, tuple[int, ...]] | None = None,
    decimal_ok: Sequence[bool] | None = None,
    limit: int = 2000,
) -> Iterator[list[Piece]]:
    """Every reading of `chunks` as exactly n values (at most `limit`).

    totals: value index -> indices whose sum it must equal (checked while enumerating).
    decimal_ok: per value index, whether a decimal may stand there (money columns)."""
    totals = totals or {}
    m = len(chunks)
    # upper bound of values obtainable from chunks[i:]
    cap = [0] * (m + 1)
    for i in range(m - 1, -1, -1):
        c = chunks[i]
        cap[i] = cap[i + 1] + (1 if c.blank else max(1, len(c.digits.lstrip("-").split(".")[0])))
    if not (m <= n <= cap[0]):
        return
    acc: list[Piece] = []
    count = 0

    def rec(ci: int, pos: int) -> Iterator[list[Piece]]:
        nonlocal count
        if count >= limit:
            return
        idx = len(acc)
        if idx == n:
            if ci == m:
                count += 1
                yield list(acc)
            return
        if ci == m:
            return
        chunk = chunks[ci]
        need_after_chunk = m - ci - 1  # each later chunk gives ≥ 1 value
        if chunk.blank:
            if idx in totals and sum(acc[i].value for i in totals[idx]) != 0:
                return
            acc.append(Piece(""))
            yield from rec(ci + 1, 0)
            acc.pop()
            return
        s = chunk.digits
        length = len(s)
        dot = s.find(".")
        if idx in totals:
            required = sum(acc[i].value for i in totals[idx])
            if required < 0:
                return
            req = str(required)
            ends = [pos + len(req)] if s.startswith(req, pos) else []
        else:
            ends = list(range(pos + 1, length + 1))
        for end in ends:
            if dot >= 0 and dot <= end < length:  # never cut inside or right after the decimals
                continue
            piece = s[pos:end]
            if piece == "-" or not _valid_piece(piece):
                continue
            if "." in piece and decimal_ok is not None and not decimal_ok[idx]:
                continue
            if idx in totals and "." in piece:
                continue
            last_of_chunk = end == length
            left = n - idx - 1
            if last_of_chunk:
                if left < need_after_chunk or left > cap[ci + 1]:
                    continue
            else:
                rest = s[end:]
                rest_cap = len(rest.split(".")[0]) if "." in rest else len(rest)
                if rest.startswith("-"):
                    continue  # a sign can only open a chunk
                if left < 1 + need_after_chunk or left > rest_cap + cap[ci + 1]:
                    continue
            acc.append(Piece(piece, chunk.unit if last_of_chunk else ""))
            if last_of_chunk:
                yield from rec(ci + 1, 0)
            else:
                yield from rec(ci, end)
            acc.pop()
            if count >= limit:
                return

    yield from rec(0, 0)


def to_number(piece: Piece, money: bool = False, default_unit: str = "万元") -> int | float:
    """A piece's value; money is converted to 万元 from the unit printed in the cell."""
    v = piece.value
    if money:
        unit = piece.unit or default_unit
        if unit == "元":
            v = Decimal(v) / Decimal(10000)
        return _plain(Decimal(v))
    if isinstance(v, Decimal):
        return _plain(v)
    return v


def _plain(v: Decimal) -> int | float:
    try:
        if v == v.to_integral_value():
            return int(v)
        return float(v.normalize())
    except InvalidOperation:  # pragma: no cover - NaN cannot come out of the token regex
        return 0
