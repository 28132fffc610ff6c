"""Chinese full-text search gives exactly the substring semantics, on SQLite (FTS5) and PostgreSQL (GIN).

The CI runs this file on both databases; every assertion compares with a plain-Python oracle, so both
databases must return the same hits in the same order.
"""

import datetime as dt
import io
import random

import pytest

from gongkai.disclosures import search
from gongkai.disclosures.models import CatalogueNode, DisclosureItem, Status

ALPHABET = "统计局公报年月数据人口普查工业增长收入居民ABcd12，。 《》"


def test_normalize_and_grams():
    assert search.normalize("　統計ＡＢＣ，２０２０年！Stats_x") == "統計abc 2020年 stats x"
    assert search.grams("统计局 ab") == ["统计", "计局", "ab"]
    assert search.terms("统计  统计 局") == ["统计", "局"]
    assert search.sort_key(dt.date(2020, 1, 1), 5) < search.sort_key(dt.date(2020, 1, 2), 1)


@pytest.fixture
def corpus(agency_tree):
    search._SAMPLE_CACHE.clear()
    search._POP_CACHE.clear()
    rng = random.Random(7)
    dept, other = agency_tree["dept"], agency_tree["other"]
    root = CatalogueNode.objects.create(agency=dept, name="统计信息")
    leaf = CatalogueNode.objects.create(agency=dept, name="统计公报", parent=root)
    items = []
    for i in range(240):
        agency = dept if i % 3 else other
        node = (leaf if i % 2 else root) if agency == dept else None
        body = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(5, 40)))
        title = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(2, 10)))
        day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
        status = Status.WITHDRAWN if i % 17 == 0 else Status.PUBLISHED
        item = DisclosureItem.objects.create(
            agency=agency, node=node, title=title, doc_no=f"测{i}号" if i % 5 == 0 else "", body=f"<p>{body}</p>",
            publisher="x", formed_on=day, published_on=day, status=status,
            art20_item="A20_04" if i % 4 == 0 else "A20_15",
        )
        search.index_item(item)
        items.append(item)
    return {"items": items, "dept": dept, "root": root, "leaf": leaf}


def covered(word, text):
    """The plain rule for a Chinese word of 3+ characters: every character lies in one of the word's
    bigrams that the text contains."""
    found = [word[i:i + 2] in text for i in range(len(word) - 1)]
    return all((i > 0 and found[i - 1]) or (i < len(found) and found[i]) for i in range(len(word)))


def oracle_match(tokens, text):
    return all((tok.text in text) if tok.exact else covered(tok.text, text) for tok in tokens)


def oracle_rank(tokens, title, text, key):
    title_n = search.normalize(title)
    in_title = sum(oracle_match([tok], title_n) for tok in tokens)
    hits = 0
    for tok in tokens:
        if tok.exact:
            hits += text.count(tok.text)
        else:
            hits += sum(text.count(b) for b in {tok.text[i:i + 2] for i in range(len(tok.text) - 1)})
    return in_title, hits * 100_000 // max(len(text), 1), key


def oracle(items, query, *, agency=None, node_ids=None, year=None, art20="", newest=True, order=None):
    order = order or ("relevance" if newest else "old")
    tokens = search.parse(query)
    if not tokens:  # nothing searchable (only punctuation): no hits
        return []
    hits = []
    for it in items:
        if it.status != Status.PUBLISHED:
            continue
        text = search.document_text(it.title, it.doc_no, it.body)
        if not oracle_match(tokens, text):
            continue
        if agency and it.agency_id != agency.pk:
            continue
        if node_ids is not None and it.node_id not in node_ids:
            continue
        if year and it.published_on.year != year:
            continue
        if art20 and it.art20_item != art20:
            continue
        hits.append((search.sort_key(it.published_on, it.pk), it, text))
    hits.sort(key=lambda h: h[0], reverse=order != "old")
    if order == "relevance":
        window = sorted(hits[:search.RANK_WINDOW], key=lambda h: oracle_rank(tokens, h[1].title, h[2], h[0]),
                        reverse=True)
        hits = window + hits[search.RANK_WINDOW:]
    return [h[1].pk for h in hits]


def run(query, **kw):
    out = search.search(query, limit=1000, **kw)
    return out.item_ids


def test_random_queries_match_the_oracle(corpus):
    rng = random.Random(11)
    items = corpus["items"]
    queries = ["统计", "统计局", "计局公", "人口普查", "ab", "AB", "ｃｄ", "12", "局 年", "公报。数据", "统", "c", "《统计》"]
    for _ in range(120):
        queries.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 4))))
    checked_nonempty = 0
    for q in queries:
        expected = oracle(items, q)
        assert run(q) == expected, q
        checked_nonempty += bool(expected)
    assert checked_nonempty > 30  # the corpus is not trivially empty


def test_filters_and_order_match_the_oracle(corpus):
    items, dept, root, leaf = corpus["items"], corpus["dept"], corpus["root"], corpus["leaf"]
    for q in ["统计", "年", "数据人"]:
        assert run(q, agency_id=dept.pk) == oracle(items, q, agency=dept)
        assert run(q, agency_id=dept.pk, node_id=root.pk) == oracle(items, q, agency=dept, node_ids={root.pk, leaf.pk})
        assert run(q, agency_id=dept.pk, node_id=leaf.pk) == oracle(items, q, agency=dept, node_ids={leaf.pk})
        assert run(q, year=2020) == oracle(items, q, year=2020)
        assert run(q, art20_item="A20_04") == oracle(items, q, art20="A20_04")
        assert run(q, newest_first=False) == oracle(items, q, newest=False)
        assert run(q, order="new") == oracle(items, q, order="new")


def test_pages_and_counts(corpus):
    expected = oracle(corpus["items"], "统")
    first = search.search("统", limit=10)
    second = search.search("统", limit=10, offset=10)
    assert first.item_ids + second.item_ids == expected[:20]
    if len(expected) < search.RANK_WINDOW:
        assert first.total == len(expected) and not first.capped
    else:  # an estimate from the ranked window: the right order of magnitude
        assert first.capped and len(expected) / 2 <= first.total <= len(expected) * 2


def test_withdrawn_items_leave_the_index(corpus):
    item = next(i for i in corpus["items"] if i.status == Status.PUBLISHED)
    word = search.normalize(item.title)[:2]
    if len(word) < 2:
        pytest.skip("title too short")
    assert item.pk in run(word)
    item.status = Status.WITHDRAWN
    search.index_item(item)
    assert item.pk not in run(word)


def test_snippet_highlights_and_escapes():
    html = search.snippet("<p>前言<b>统计</b>局发布&lt;script&gt;数据</p>", ["统计"])
    assert "<mark>统计</mark>" in html and "<script>" not in html and "&lt;script&gt;" in html


def test_rebuild_gives_the_same_hits(corpus):
    from django.core.management import call_command

    before = {q: run(q) for q in ["统计", "年月", "c"]}
    call_command("disclosures_reindex", stdout=io.StringIO())
    assert {q: run(q) for q in before} == before


def test_browse_lists_a_subtree_in_date_order(corpus, client):
    root, leaf = corpus["root"], corpus["leaf"]
    expected = [
        it.pk for it in sorted(
            (i for i in corpus["items"] if i.status == Status.PUBLISHED and i.node_id in {root.pk, leaf.pk}),
            key=lambda i: search.sort_key(i.published_on, i.pk), reverse=True)
    ]
    assert search.browse(node_id=root.pk, limit=1000) == expected
    assert search.browse(node_id=root.pk, offset=5, limit=5) == expected[5:10]
    in_2020 = [pk for pk in expected if DisclosureItem.objects.get(pk=pk).published_on.year == 2020]
    assert search.browse(node_id=root.pk, year=2020, limit=1000) == in_2020
    # the catalogue page of the parent node shows the same order, page by page
    page2 = client.get(f"/open/{root.agency.slug}/catalogue/{root.pk}/", {"page": 2}).content.decode()
    titles = [DisclosureItem.objects.get(pk=pk).title for pk in expected[20:40]]
    positions = [page2.index(f"/items/{pk}/") for pk in expected[20:40]]
    assert positions == sorted(positions) and titles
    assert f"共 {len(expected)} 条" in page2


def test_backup_and_restore_keep_search_working(corpus):
    from django.core import serializers
    from django.db import connection

    from gongkai.disclosures.models import SearchDoc

    before = {q: run(q) for q in ["统计", "年月"]}
    data = serializers.serialize("json", SearchDoc.objects.all())
    search.rebuild(DisclosureItem.objects.none())  # an empty database after migrate: no docs, no index entries
    if connection.vendor in ("sqlite", "postgresql"):
        assert run("统计") == []
    for obj in serializers.deserialize("json", data):  # what loaddata does (raw saves)
        obj.save()
    assert {q: run(q) for q in before} == before


def test_small_probe_window_gives_the_same_pages(corpus, monkeypatch):
    """PostgreSQL walks frequent words in key order (within a window) and rare ones through the bitmap;
    every page and count must be the exact answer either way (on SQLite this checks the plain path)."""
    monkeypatch.setattr(search, "PROBE_WINDOW", 37)
    monkeypatch.setattr(search, "COUNT_CAP", 8)  # so that frequent words take the ordered walk
    monkeypatch.setattr(search, "RANK_WINDOW", 6)  # pages 1–2 straddle the ranked window and date order
    monkeypatch.setattr(search, "_frequent", lambda cursor, q: q.indexed)  # always walk first
    items = corpus["items"]
    for q in ["统计", "年", "ab", "c", "数据人"]:
        expected = oracle(items, q)
        for offset in (0, 3, 10):
            got = search.search(q, offset=offset, limit=5)
            assert got.item_ids == expected[offset:offset + 5], (q, offset)
            if len(expected) >= 6:  # more than the ranked window: an estimate, shown as "约N条"
                assert got.capped and got.estimated and got.total >= 6
            else:
                assert (got.total, got.capped) == (len(expected), False)
        assert search.search(q, newest_first=False, limit=5).item_ids == oracle(items, q, newest=False)[:5]
        # filters with an estimated total (the estimate counts the documents the filters allow)
        dept = corpus["dept"]
        expected = oracle(items, q, agency=dept, year=2020)
        got = search.search(q, agency_id=dept.pk, year=2020, limit=5)
        assert got.item_ids == expected[:5], q
        assert got.total == len(expected) if len(expected) < 6 else got.capped and got.total >= 6


def test_search_page_lists_only_public_items_even_with_a_stale_index_entry(agency_tree, client):
    """The page reads the items of the index's hits through the public queryset (as the API does): an index
    entry left behind for an item that is no longer public never shows its title or body."""
    day = dt.date(2024, 5, 6)
    item = DisclosureItem.objects.create(
        agency=agency_tree["dept"], title="滞留索引测试标题", body="<p>内部草稿正文甲乙丙</p>", publisher="x",
        formed_on=day, published_on=day, status=Status.PUBLISHED, art20_item="A20_04")
    search.index_item(item)
    assert "测试标题" in client.get("/open/search/", {"q": "滞留索引"}).content.decode()
    DisclosureItem.objects.filter(pk=item.pk).update(status=Status.DRAFT)  # the index not told
    page = client.get("/open/search/", {"q": "滞留索引"}).content.decode()
    assert "测试标题" not in page and "甲乙丙" not in page


@pytest.mark.parametrize("query", ["éé", "ελληνικά", "йог", "éééé"])
def test_letters_with_diacritics_match_only_as_written(agency_tree, query):
    """SQLite's FTS5 tokenizer (unicode61) drops diacritics: "éé" looked up "ee" and, the index alone
    deciding a two-letter word, found items without "éé" (PostgreSQL did not: the databases differed)."""
    day = dt.date(2024, 5, 6)
    items = []
    for body in ("coffee ee eeee", "ελληνικα", "иог", "éééé ελληνικά йог"):
        item = DisclosureItem.objects.create(agency=agency_tree["dept"], title="t", body=f"<p>{body}</p>", publisher="x",
                                             formed_on=day, published_on=day, status=Status.PUBLISHED,
                                             art20_item="A20_04")
        search.index_item(item)
        items.append(item)
    assert run(query) == oracle(items, query) == [items[3].pk]
