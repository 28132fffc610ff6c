"""Reading numbers from query strings and forms without ever raising on bad input."""

from __future__ import annotations

MIN_YEAR, MAX_YEAR = 1901, 2099


def parse_int(value, default: int | None = None, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """An ASCII decimal integer within [minimum, maximum], else `default` ("²", "x", "1e3" → default)."""
    if value is None:
        return default
    text = str(value).strip()
    if not text or not text.isascii() or not text.isdecimal() or len(text) > 18:
        return default
    number = int(text)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        return default
    return number


def parse_year(value, default: int | None = None) -> int | None:
    return parse_int(value, default, MIN_YEAR, MAX_YEAR)
