"""rules.similarity: the character-bigram Dice coefficient that points an officer at earlier requests for
nearly the same information (table-driven; the figures are worked out by hand in the comments)."""

import pytest

from gongkai.rules.similarity import (
    SIMILAR_THRESHOLD,
    bigrams,
    is_similar,
    normalize,
    request_similarity,
    similarity_to,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("2025年 统计公报！", "2025年统计公报"),
    ("ＡＢＣ　１２３", "abc123"),  # full-width folded (NFKC), lower-cased, spaces dropped
    ("《关于……的通知》", "关于的通知"),
    ("", ""),
])
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_bigrams_count_repeats_and_single_characters():
    assert bigrams("统计统计") == {"统计": 2, "计统": 1}
    assert bigrams("表") == {"表": 1}
    assert not bigrams("，。 ")


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("2025年统计公报", "2025年统计公报", 1.0),
    ("2025年统计公报", "２０２５年 统计公报。", 1.0),  # same after normalizing
    ("统计公报", "统计年鉴", 2 * 1 / (3 + 3)),  # {统计} shared of 3 + 3 bigrams
    ("2024年统计公报", "2025年统计公报", 2 * 6 / (8 + 8)),  # digits kept: 20 02 年统 统计 计公 公报 shared, 8 + 8 bigrams
    ("城市规划图", "财政预算表", 0.0),
    ("", "统计公报", 0.0),
    ("，。", "，。", 0.0),
])
def test_request_similarity_table(a, b, expected):
    assert request_similarity(a, b) == pytest.approx(expected)
    assert request_similarity(b, a) == pytest.approx(expected)  # symmetric
    assert similarity_to(a)(b) == pytest.approx(expected)  # the scorer with a's bigrams counted once


@pytest.mark.parametrize(("a", "b", "similar"), [
    ("请提供2025年全市统计公报全文", "2025年全市统计公报全文", True),
    ("2025年全市统计公报", "申请公开2025年全市统计公报", True),
    ("2025年全市统计公报", "2023年全市人口普查资料汇编", False),
    ("某路段道路改造工程招标文件", "某路段道路改造工程的招标文件", True),
    ("某路段道路改造工程招标文件", "某小区供暖收费标准", False),
])
def test_is_similar_at_the_default_threshold(a, b, similar):
    assert is_similar(a, b) is similar, request_similarity(a, b)
    assert 0 < SIMILAR_THRESHOLD < 1
