"""The JSON a page hands to charts.js: categories, and series of {value, url} (url: the drill-down list)."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def bar_chart(categories: Sequence[str], series: Sequence[tuple[str, Sequence[int | float | None]]],
              urls: Callable[[int, int], str | None] | None = None, kind: str = "bar") -> dict:
    """series: (name, values per category); urls(series index, category index) gives each point's link."""
    return {
        "kind": kind,
        "categories": list(categories),
        "series": [
            {"name": name, "data": [{"value": v, **({"url": u} if (u := urls and urls(s, i)) else {})}
                                    for i, v in enumerate(values)]}
            for s, (name, values) in enumerate(series)
        ],
    }
