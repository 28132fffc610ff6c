"""RSS and Atom writers that are safe for whatever is stored: every string of the feed and of its items
goes through common.cleantext right before the XML is written (Django's writer refuses control
characters with an exception, which made a public feed answer 500 for one bad title).

    class NodeFeed(Feed):
        feed_type = SafeRssFeed
"""

from __future__ import annotations

from typing import Any

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from gongkai.common.cleantext import clean_text


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_clean(v) for v in value)
    return value


class CleanFeedMixin:
    def write(self, outfile, encoding):
        self.feed = _clean(self.feed)
        self.items = [_clean(item) for item in self.items]
        return super().write(outfile, encoding)


class SafeRssFeed(CleanFeedMixin, Rss201rev2Feed):
    pass


class SafeAtomFeed(CleanFeedMixin, Atom1Feed):
    pass
