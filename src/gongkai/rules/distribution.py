"""Percentiles of a weighted distribution ({value: how many}), for figures such as the median and the 90th
percentile of working days to reply, computed from grouped counts rather than from every record."""

from __future__ import annotations

import math
from collections.abc import Mapping


def weighted_percentile(counts: Mapping[int, int], p: float) -> float | None:
    """The p-th percentile (0 < p <= 100) by nearest rank: the smallest value v such that at least p % of
    the weight is <= v. The median (p = 50) of an even count is the mean of the two middle values.
    None for an empty distribution."""
    if not 0 < p <= 100:
        raise ValueError("百分位应在 0 到 100 之间")
    items = sorted((v, n) for v, n in counts.items() if n > 0)
    total = sum(n for _, n in items)
    if not total:
        return None
    if p == 50 and total % 2 == 0:
        return (_nth(items, total // 2) + _nth(items, total // 2 + 1)) / 2
    return float(_nth(items, max(1, math.ceil(p * total / 100))))


def _nth(items: list[tuple[int, int]], rank: int) -> int:
    """The value of the rank-th smallest observation (1-based)."""
    seen = 0
    for value, n in items:
        seen += n
        if seen >= rank:
            return value
    return items[-1][0]
