"""How alike two requests are: the Dice coefficient of their character bigrams (Chinese has no spaces, so
overlapping pairs of characters are the words' stand-in; the same idea as the search index).

Used to show an officer earlier applications asking for nearly the same information (《条例》第三十五条
大量反复申请, 第三十六条第（六）项 重复申请). It only points: the officer decides, nothing is closed on a score.

A request's text is normalized first (`normalize`): full-width forms folded (NFKC), letters lower-cased,
whitespace and punctuation dropped, digits kept: "2024年统计公报" and "2025年统计公报" are different
information. The report evaluator's copy check (rules.evaluation.bigram_similarity) computes the same
coefficient over its own cleaning (`clean`), which drops digits, so that changed figures do not hide a copy.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable

SIMILAR_THRESHOLD = 0.6  # at or above: "nearly the same information"


def normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in folded if ch.isalnum())


def bigrams(text: str, clean: Callable[[str], str] = normalize) -> Counter[str]:
    """The character bigrams of `text` after `clean` (by default `normalize`; a one-character text is its
    own bigram)."""
    t = clean(text)
    if len(t) == 1:
        return Counter([t])
    return Counter(t[i:i + 2] for i in range(len(t) - 1))


def dice(x: Counter[str], y: Counter[str]) -> float:
    """The Dice coefficient 2·|X∩Y| / (|X|+|Y|) of two bigram multisets, in [0, 1]; 0 when either is empty."""
    if not x or not y:
        return 0.0
    return 2 * sum((x & y).values()) / (sum(x.values()) + sum(y.values()))


def text_similarity(a: str, b: str, clean: Callable[[str], str] = normalize) -> float:
    """`dice` of the two texts' `bigrams` after `clean`."""
    return dice(bigrams(a, clean), bigrams(b, clean))


def request_similarity(a: str, b: str) -> float:
    """Dice coefficient 2·|A∩B| / (|A|+|B|) over the two texts' bigram multisets, in [0, 1]; 0 when either
    text has no letters or digits."""
    return text_similarity(a, b)


def similarity_to(text: str) -> Callable[[str], float]:
    """`request_similarity(text, ·)` with `text`'s bigrams counted once (scoring many candidates)."""
    mine = bigrams(text)
    return lambda other: dice(mine, bigrams(other))


def is_similar(a: str, b: str, threshold: float = SIMILAR_THRESHOLD) -> bool:
    return request_similarity(a, b) >= threshold
