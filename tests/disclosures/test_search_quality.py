"""Search finds what people type: words of a phrase may stand apart, quotes ask for the exact phrase,
title hits rank first, the original full-width punctuation is shown, attachments' text is searched.
The same assertions run on SQLite and PostgreSQL (CI runs this file on both)."""

import datetime as dt
import io

import pytest

from gongkai.disclosures import actions, search
from gongkai.disclosures.search import Token


@pytest.mark.parametrize(("query", "tokens"), [
    ("第七次人口普查", [Token("第七次人口普查", False)]),
    ("人口", [Token("人口", True)]),
    ("“第七次人口普查”", [Token("第七次人口普查", True)]),
    ('"政府信息 公开"', [Token("政府信息 公开", True)]),
    ("＂统计公报＂ 人口", [Token("统计公报", True), Token("人口", True)]),
    ("2024年统计公报", [Token("2024", True), Token("年统计公报", False)]),
    ("ＧＤＰ增长", [Token("gdp", True), Token("增长", True)]),
    ("统计 统计，。", [Token("统计", True)]),
    ("“未闭合的引号", [Token("未闭合的引号", True)]),
    ("，。！", []),
])
def test_parse(query, tokens):
    assert search.parse(query) == tokens


@pytest.mark.parametrize(("word", "text", "hit"), [
    ("第七次人口普查", "第七次全国人口普查公报", True),
    ("第七次人口普查", "第七次会议 人口统计", False),  # 普查 missing
    ("第七次人口普查", "第七次人口普查", True),
    ("统计局", "统计 计局", True),  # a 3-character word: both of its bigrams, anywhere
    ("统计局", "统计 局", False),
    ("政府信息公开", "政府网站 信息 公开", True),
    ("政府信息公开", "政府 公开", False),  # 信: neither 府信 nor 信息
])
def test_words_may_stand_apart(word, text, hit):
    assert Token(word, False).matches(text) is hit


def _item(publish, title, body, day):
    return publish({"title": title, "body": f"<p>{body}</p>", "formed_on": day}, published_on=day)


@pytest.fixture
def census(publish):
    return {
        "title": _item(publish, "第七次全国人口普查主要数据公报（02月09日）", "全市常住人口情况。", dt.date(2021, 5, 1)),
        "body": _item(publish, "统计工作动态", "第七次全国人口普查登记工作已经结束。", dt.date(2021, 6, 1)),
        "exact": _item(publish, "关于普查的说明", "第七次人口普查的数据经过审核。", dt.date(2021, 4, 1)),
        "dense": _item(publish, "普查简报", "第七次全国人口普查，人口普查，普查普查普查。", dt.date(2021, 3, 1)),
        "other": _item(publish, "第七次会议纪要", "人口统计工作。", dt.date(2021, 7, 1)),
    }


def test_a_phrase_finds_items_with_its_words_apart_ranked(census):
    got = search.search("第七次人口普查")
    c = census
    # the title hit first; then by hit density (the dense item, then the longer ones); "other" lacks 普查
    assert got.item_ids == [c["title"].pk, c["dense"].pk, c["exact"].pk, c["body"].pk]
    assert (got.total, got.capped) == (4, False)
    assert search.search("第七次人口普查", order="new").item_ids == [c["body"].pk, c["title"].pk, c["exact"].pk,
                                                                   c["dense"].pk]


def test_quoted_phrase_matches_exactly(census):
    for query in ("“第七次人口普查”", '"第七次人口普查"', "＂第七次人口普查＂"):
        assert search.search(query).item_ids == [census["exact"].pk], query
    assert search.search("“人口普查 主要数据”").item_ids == []
    assert search.search("“全国人口普查” 登记").item_ids == [census["body"].pk]


def test_ties_are_broken_by_recency_stably(publish):
    items = [_item(publish, f"公告{i}", "关于道路施工的公告。", dt.date(2022, 1, 1 + i)) for i in range(4)]
    first = search.search("道路施工").item_ids
    assert first == [i.pk for i in reversed(items)]
    assert search.search("道路施工").item_ids == first


def test_full_width_punctuation_stays_in_titles_and_snippets(census, client):
    page = client.get("/open/search/", {"q": "人口普查"}).content.decode()
    assert "（02月09日）" in page and "(02月09日)" not in page
    assert "<mark>人口普查</mark>" in page
    assert search.highlight("关于（02月09日）ＧＤＰ数据", ["gdp"]) == "关于（02月09日）<mark>ＧＤＰ</mark>数据"
    assert "找到 4 条结果（共 1 页）" in client.get("/open/search/", {"q": "第七次人口普查"}).content.decode()


def test_attachment_text_finds_its_item(staff, docx_bytes):
    officer = staff["officer"]
    item = actions.create_item(officer, staff["agency"], {
        "title": "2023年部门预算", "formed_on": dt.date(2023, 2, 1), "body": "<p>详见附件。</p>", "art20_item": "A20_04"})
    att = actions.add_attachment(officer, item, "预算表.docx", docx_bytes("一般公共预算拨款收入合计三千万元"))
    assert "一般公共预算拨款" in att.text
    assert search.search("公共预算拨款").item_ids == []  # a draft is not searchable
    actions.submit_item(officer, item)
    actions.approve_content(staff["reviewer"], item)
    actions.approve_secrecy(staff["secrecy"], item)
    assert search.search("公共预算拨款").item_ids == [item.pk]
    search.rebuild()
    assert search.search("公共预算拨款").item_ids == [item.pk]


def test_unreadable_attachment_is_kept_without_text(staff):
    item = actions.create_item(staff["officer"], staff["agency"], {
        "title": "说明", "formed_on": dt.date(2023, 2, 1), "body": "<p>x</p>", "art20_item": "A20_04"})
    att = actions.add_attachment(staff["officer"], item, "坏.pdf", b"%PDF-1.4\n%broken\n")
    assert att.pk and att.text == ""


def test_reindex_extracts_attachments_uploaded_before(staff, docx_bytes):
    from django.core.management import call_command

    from gongkai.disclosures.models import Attachment

    officer = staff["officer"]
    item = actions.create_item(officer, staff["agency"], {
        "title": "决算说明", "formed_on": dt.date(2023, 2, 1), "body": "<p>见附件。</p>", "art20_item": "A20_04"})
    att = actions.add_attachment(officer, item, "决算.docx", docx_bytes("机关运行经费支出情况说明"))
    Attachment.objects.filter(pk=att.pk).update(text="")  # as uploaded before this version
    actions.submit_item(officer, item)
    actions.approve_content(staff["reviewer"], item)
    actions.approve_secrecy(staff["secrecy"], item)
    assert search.search("机关运行经费").item_ids == []
    out = io.StringIO()
    call_command("disclosures_reindex", stdout=out)
    assert "补提取附件文本 1 个" in out.getvalue()
    assert search.search("机关运行经费").item_ids == [item.pk]
