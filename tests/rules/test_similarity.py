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


@pytest.mark.parametrize(("a", "b", "requests", "reports"), [
    # requests keep digits (全年 年收 收到 到申 申请 shared of 8 + 9 bigrams); the copy check drops them
    ("全年收到申请12件", "全年收到申请345件", 2 * 5 / (8 + 9), 1.0),
    ("2024年统计公报", "2025年统计公报", 2 * 6 / (8 + 8), 1.0),
    ("统计公报", "统计年鉴", 2 * 1 / (3 + 3), 2 * 1 / (3 + 3)),
    ("ＡＢ统计", "ab统计", 1.0, 2 * 1 / (3 + 3)),  # only the request's normalizing folds width and case
])
def test_one_coefficient_two_cleanings(a, b, requests, reports):
    """rules.similarity computes the Dice coefficient once; the report evaluator's copy check
    (rules.evaluation.bigram_similarity) is the same coefficient over its own cleaning, without figures."""
    from gongkai.rules.evaluation import bigram_similarity, without_figures
    from gongkai.rules.similarity import text_similarity

    assert request_similarity(a, b) == pytest.approx(requests)
    assert text_similarity(a, b) == request_similarity(a, b)
    assert bigram_similarity(a, b) == pytest.approx(reports)
    assert text_similarity(a, b, clean=without_figures) == bigram_similarity(a, b)
