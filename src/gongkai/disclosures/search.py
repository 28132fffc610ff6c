"""Chinese full-text search over the public items: title, 文号, body and the attachments' text.

Text is normalized (NFKC, lower case, every run of non-alphanumeric characters → one space) and indexed
as overlapping character bigrams (FTS5 on SQLite; a GIN-indexed bigram array on PostgreSQL). A query is
parsed into tokens (`parse`): quoted phrases and short words must occur as they are, a Chinese word of
3+ characters may stand apart (`Token`). The index looks up the bigrams every hit must hold; the rest is
checked by `instr`/`strpos` on the stored text, so both databases return exactly the same rows.
Very common conditions walk the documents newest first instead (`_frequent`). Ranking, totals and the
reasons are in docs/design-notes.md ("Search").

`SearchDoc.id` is the sort key — (publication day ordinal << 32) | item id — so the index yields rows
in date order. Filters (agency, catalogue node with its subtree, Art. 20 item) are tag tokens in the
index; the year is a range of the sort key.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

FTS_TABLE = "disclosures_fts"
DOC_TABLE = "disclosures_searchdoc"
COUNT_CAP = 1000
_NON_WORD = re.compile(r"[^\w]|_", re.UNICODE)


# --- pure text functions --------------------------------------------------------------------------
def normalize(text: str) -> str:
    """NFKC, lower case, runs of non-alphanumeric characters collapsed to one space."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return " ".join(_NON_WORD.sub(" ", text).split())


def terms(query: str) -> list[str]:
    seen: list[str] = []
    for term in normalize(query).split():
        if term not in seen:
            seen.append(term)
    return seen


def bigrams(segment: str) -> list[str]:
    return [segment[i : i + 2] for i in range(len(segment) - 1)]


def grams(normalized: str) -> list[str]:
    out: list[str] = []
    for segment in normalized.split():
        out.extend(bigrams(segment))
    return out


def sort_key(day: dt.date, item_id: int) -> int:
    return (day.toordinal() << 32) | item_id


def year_range(year: int) -> tuple[int, int]:
    return sort_key(dt.date(year, 1, 1), 0), sort_key(dt.date(year, 12, 31), 0xFFFFFFFF)


def tags_for(agency_id: int, node_ids: Iterable[int], art20_item: str) -> str:
    parts = [f"ag{agency_id}"] + [f"nd{n}" for n in node_ids]
    if art20_item:
        parts.append("it" + art20_item[-2:])
    return " " + " ".join(parts) + " "


def document_text(title: str, doc_no: str, body_html: str, attachments: Iterable[str] = ()) -> str:
    """The normalized search text: title, 文号, body and the attachments' extracted text."""
    return normalize(" ".join([title, doc_no, html.unescape(strip_tags(body_html or "")), *attachments]))


# --- index maintenance (called by the action functions, inside their transaction) -----------------
# The index rows are derived data, not state: they are written here with bare SQL and bulk inserts
# (no journal entry of their own); the action that changed the item journals the change.
def _vendor() -> str:
    return connection.vendor


def _item_tags(item) -> str:
    node_ids = item.node.ancestor_ids() if item.node_id else []
    return tags_for(item.agency_id, node_ids, item.art20_item)


def _fts_delete(cursor, doc_id: int, text: str, tags: str) -> None:
    cursor.execute(
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, grams, tags) VALUES ('delete', %s, %s, %s)",
        [doc_id, " ".join(grams(text)), tags.strip()],
    )


def unindex_item(item) -> None:
    from gongkai.disclosures.models import SearchDoc

    doc = SearchDoc.objects.filter(item_id=item.pk).first()
    if doc is None:
        return
    if _vendor() == "sqlite":
        with connection.cursor() as cursor:
            _fts_delete(cursor, doc.id, doc.text, doc.tags)
    doc.delete()


def index_row(item) -> tuple[int, dt.date, str, str]:
    """The (item_id, published_on, normalized text, tags) row `bulk_index` takes for a saved public item."""
    attachments = [a.text for a in item.attachments.all() if a.text] if item.pk else []
    return item.pk, item.published_on, document_text(item.title, item.doc_no, item.body, attachments), _item_tags(item)


def index_item(item) -> None:
    """(Re)index a public item; remove it from the index when it is not public."""
    unindex_item(item)
    if not item.is_public or item.published_on is None:
        return
    bulk_index([index_row(item)])


def bulk_index(rows: list[tuple[int, dt.date, str, str]]) -> None:
    """Insert (item_id, published_on, normalized text, tags) rows not yet indexed."""
    if not rows:
        return
    docs = [(sort_key(day, item_id), item_id, text, tags) for item_id, day, text, tags in rows]
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            cursor.executemany(
                f"INSERT INTO {DOC_TABLE} (id, item_id, text, tags, grams) VALUES (%s, %s, %s, %s, %s)",
                [(d, i, t, g, sorted(set(grams(t))) + g.split()) for d, i, t, g in docs],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {DOC_TABLE} (id, item_id, text, tags) VALUES (%s, %s, %s, %s)", docs
            )
            if _vendor() == "sqlite":
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, grams, tags) VALUES (%s, %s, %s)",
                    [(d, " ".join(grams(t)), g.strip()) for d, _i, t, g in docs],
                )


def index_loaded_doc(doc) -> None:
    """A SearchDoc row written by loaddata (a restore): add its index entries, which dumpdata cannot carry."""
    with connection.cursor() as cursor:
        if _vendor() == "sqlite":
            cursor.execute(f"INSERT INTO {FTS_TABLE} (rowid, grams, tags) VALUES (%s, %s, %s)",
                           [doc.id, " ".join(grams(doc.text)), doc.tags.strip()])
        elif _vendor() == "postgresql":
            cursor.execute(f"UPDATE {DOC_TABLE} SET grams = %s WHERE id = %s",
                           [sorted(set(grams(doc.text))) + doc.tags.split(), doc.id])


def clear_orphans() -> None:
    """After a flush (tests, `restore --force`) the FTS table is not emptied with the models: do it."""
    from gongkai.disclosures.models import SearchDoc

    if _vendor() == "sqlite" and not SearchDoc.objects.exists():
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")


def rebuild(items=None) -> int:
    """Rebuild the whole index from the public items (used by `gongkai reindex` and the benchmark)."""
    from gongkai.disclosures.models import DisclosureItem, SearchDoc

    with connection.cursor() as cursor:
        if _vendor() == "sqlite":
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")
    SearchDoc.objects.all().delete()
    _SAMPLE_CACHE.clear()
    _POP_CACHE.clear()
    qs = items if items is not None else DisclosureItem.objects.public().select_related("node").prefetch_related("attachments")
    batch: list = []
    total = 0
    for item in qs.iterator(chunk_size=2000):
        batch.append(index_row(item))
        if len(batch) >= 2000:
            bulk_index(batch)
            total += len(batch)
            batch = []
    bulk_index(batch)
    return total + len(batch)


# --- query parsing (pure) -------------------------------------------------------------------------
_QUOTED = re.compile(r"[\"“”]([^\"“”]*)[\"“”]?")
_RUNS = re.compile(r"[0-9a-z]+|[^0-9a-z ]+")


@dataclass(frozen=True)
class Token:
    """One condition of a query, on normalized text. `exact`: the text must occur as it is (a quoted phrase,
    a 1–2 character word, a run of Latin letters or digits). `cover`: a Chinese word of 3+ characters
    matches when each of its characters lies in one of its bigrams found in the item — so the word's
    parts may stand apart ("第七次人口普查" finds "第七次全国人口普查": 第七 七次 … 人口 口普 普查)."""

    text: str
    exact: bool

    def required(self) -> list[str]:
        """Bigrams every matching item holds (the index's prefilter)."""
        if self.exact:
            return grams(self.text)
        return [self.text[:2], self.text[-2:]]

    @cached_property
    def _clauses(self) -> tuple[tuple[str, ...], ...]:
        if self.exact:
            return ((self.text,),)
        b = bigrams(self.text)
        return ((b[0],), (b[-1],), *((b[p - 1], b[p]) for p in range(2, len(self.text) - 2)))

    @cached_property
    def _counted(self) -> tuple[str, ...]:
        return (self.text,) if self.exact else tuple(dict.fromkeys(bigrams(self.text)))

    def clauses(self) -> list[tuple[str, ...]]:
        """The condition as AND of ORs of substrings (checked by instr/strpos and by `matches`)."""
        return list(self._clauses)

    def matches(self, text: str) -> bool:
        for clause in self._clauses:
            if not any(s in text for s in clause):
                return False
        return True

    def hits(self, text: str) -> int:
        """Occurrences in `text` (for ranking): of the phrase, or of the word's bigrams."""
        return sum(text.count(b) for b in self._counted)

    def marks(self) -> list[str]:
        """What to highlight: the word itself and, for a split word, its bigrams."""
        return [self.text] if self.exact else [self.text, *dict.fromkeys(bigrams(self.text))]


def parse(query: str) -> list[Token]:
    """The tokens of a query: quoted phrases ("…" or “…”) exact; other words split into Latin/digit runs
    (exact) and Chinese runs (1–2 characters exact, longer ones `cover`). Duplicates dropped."""
    raw = unicodedata.normalize("NFKC", query or "")
    tokens: list[Token] = []
    for phrase in _QUOTED.findall(raw):
        text = normalize(phrase)
        if text:
            tokens.append(Token(text, True))
    rest = _QUOTED.sub(" ", raw)
    for word in normalize(rest).split():
        for run in _RUNS.findall(word):
            tokens.append(Token(run, run.isascii() or len(run) <= 2))
    out: list[Token] = []
    for tok in tokens:
        if tok not in out:
            out.append(tok)
    return out


def marks_of(tokens: list[Token]) -> list[str]:
    return list(dict.fromkeys(m for tok in tokens for m in tok.marks()))


def rank_key(tokens: list[Token], title: str, text: str, key: int) -> tuple[int, int, int]:
    """Title hits first (how many tokens the title satisfies), then the density of hits in the text
    (per 100,000 characters, an integer so both databases order alike), then recency; the sort key breaks ties."""
    title_n = normalize(title)
    in_title = sum(tok.matches(title_n) for tok in tokens)
    density = sum(tok.hits(text) for tok in tokens) * 100_000 // max(len(text), 1)
    return in_title, density, key


# --- querying -------------------------------------------------------------------------------------
RANK_WINDOW = 100  # relevance ranks the newest RANK_WINDOW matches; later pages continue in date order
SCAN_LIMIT = 50_000  # docs counted at most to estimate a total beyond COUNT_CAP
PROBE_WINDOW = 30_000  # documents an ordered walk reads at most before it falls back to the index


@dataclass
class SearchResult:
    item_ids: list[int]  # this page, in order
    total: int  # exact, or an estimate when `estimated`
    capped: bool  # True when `total` is an estimate (more hits than RANK_WINDOW): shown as "约N条"
    terms: list[str]  # what to highlight
    estimated: bool = False
    order: str = "relevance"


def _filter_tags(agency_id: int | None, node_id: int | None, art20_item: str) -> list[str]:
    tags = []
    if agency_id:
        tags.append(f"ag{agency_id}")
    if node_id:
        tags.append(f"nd{node_id}")
    if art20_item:
        tags.append("it" + art20_item[-2:])
    return tags


def _fts_exact(tok: Token) -> bool:
    """Whether the FTS5 condition alone decides the token: a bigram token is in the index exactly when it
    occurs in the text (both are taken within a run of word characters); longer phrases need `instr`. Not
    when a letter carries a diacritic: FTS5's unicode61 tokenizer drops those ("éé" would find "ee")."""
    if unicodedata.normalize("NFD", tok.text) != tok.text:
        return False
    return not tok.exact or (len(tok.text) == 2 and " " not in tok.text)


def _fts_match(tokens: list[Token], tags: list[str]) -> str:
    parts: list[str] = []
    for tok in tokens:
        if tok.exact:
            parts += ['grams : "' + " ".join(bigrams(seg)) + '"' for seg in tok.text.split() if len(seg) >= 2]
        else:
            for clause in tok.clauses():
                terms = [f'grams : "{g}"' for g in clause]
                parts.append(terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")")
    parts += [f"tags : {t}" for t in tags]
    return " AND ".join(parts)


@dataclass
class _Query:
    source: str
    key: str
    where: list[str]
    params: list
    indexed: bool
    walk_where: list[str]  # the ordered walk: every condition, without the index
    walk_params: list
    lo: int = 0
    hi: int = 2**63 - 1
    required: tuple[str, ...] = ()  # the bigrams and tags the index looks up

    @property
    def sql_where(self) -> str:
        return " AND ".join(self.where)


def _build(tokens: list[Token], tags: list[str], lo: int, hi: int, use_index: bool = True) -> _Query:
    vendor = _vendor()
    required = sorted({g for tok in tokens for g in tok.required()})
    where: list[str] = []
    params: list = []
    indexed = bool(required or tags) and use_index
    func = "strpos(d.text, %s) > 0" if vendor == "postgresql" else "instr(d.text, %s) > 0"
    fts = vendor == "sqlite" and indexed
    text_where: list[str] = []  # what the index does not decide
    text_params: list = []
    all_where: list[str] = []  # every condition (for a walk without the index)
    all_params: list = []
    for tok in tokens:
        for clause in tok.clauses():
            sql = "(" + " OR ".join([func] * len(clause)) + ")" if len(clause) > 1 else func
            all_where.append(sql)
            all_params.extend(clause)
            if not (fts and _fts_exact(tok)):
                text_where.append(sql)
                text_params.extend(clause)
    tag_where = ["d.tags LIKE %s"] * len(tags)
    tag_params = [f"% {tag} %" for tag in tags]
    if fts:
        source, key = f"{FTS_TABLE} f JOIN {DOC_TABLE} d ON d.id = f.rowid", "f.rowid"
        where += [f"{FTS_TABLE} MATCH %s", "f.rowid BETWEEN %s AND %s"]
        params += [_fts_match(tokens, tags), lo, hi]
    else:
        source, key = f"{DOC_TABLE} d", "d.id"
        where.append("d.id BETWEEN %s AND %s")
        params += [lo, hi]
        if vendor == "postgresql" and indexed:
            where.append("d.grams @> %s::text[]")
            params.append(required + tags)
        else:
            indexed = False
            where += tag_where
            params += tag_params
    return _Query(source, key, where + text_where, params + text_params, indexed,
                  tag_where + all_where, tag_params + all_params, lo, hi, tuple(required + tags))


def search(
    query: str,
    *,
    agency_id: int | None = None,
    node_id: int | None = None,
    year: int | None = None,
    art20_item: str = "",
    newest_first: bool = True,
    offset: int = 0,
    limit: int = 20,
    order: str = "",
) -> SearchResult:
    """One page of public items matching every token of `query` (see `parse`).

    `order`: "relevance" (title hits, hit density, recency — over the newest RANK_WINDOW matches, then
    date order), "new" or "old" (publication date). Left empty it is "relevance", or "old" when
    `newest_first` is False (the earlier signature)."""
    order = order or ("relevance" if newest_first else "old")
    tokens = parse(query)
    marks = marks_of(tokens)
    if not tokens:
        return SearchResult([], 0, False, [], order=order)
    tags = _filter_tags(agency_id, node_id, art20_item)
    lo, hi = year_range(year) if year else (0, 2**63 - 1)
    q = _build(tokens, tags, lo, hi)
    with connection.cursor() as cursor:
        window = None
        if order == "relevance":
            ids, window = _relevance_page(cursor, q, tokens, offset, limit)
        else:
            ids = _date_page(cursor, q, "DESC" if order == "new" else "ASC", offset, limit)
        total, estimated = _count(cursor, q, tags, window)
    return SearchResult(ids, total, estimated, marks, estimated, order)


def browse(*, agency_id: int | None = None, node_id: int | None = None, year: int | None = None,
           art20_item: str = "", newest_first: bool = True, offset: int = 0, limit: int = 20) -> list[int]:
    """Item ids of one page of a catalogue list (no query), in publication order, from the index: a node's
    tag covers its whole subtree, so a parent node's list needs no sort over its children's items."""
    tags = _filter_tags(agency_id, node_id, art20_item)
    if not tags:
        raise ValueError("browse() needs an agency or a node")
    lo, hi = year_range(year) if year else (0, 2**63 - 1)
    with connection.cursor() as cursor:
        return _date_page(cursor, _build([], tags, lo, hi), "DESC" if newest_first else "ASC", offset, limit)


def _frequent(cursor, q: _Query) -> bool:
    """Whether the index conditions hold for so many documents that walking them newest first fills a page
    sooner than the index does (PostgreSQL's GIN bitmap fetches and checks every candidate before sorting;
    FTS5 merges whole posting lists of very common bigrams). Judged on a sample of the newest documents:
    the share of them holding every bigram and tag the index would look up."""
    if not q.indexed:
        return False
    sample = _sample(cursor)
    wanted = set(q.required)
    share = sum(1 for doc in sample if wanted <= doc) / max(len(sample), 1)
    if _vendor() != "postgresql":
        return share >= WALK_SHARE
    # PostgreSQL: the bitmap costs ~8 µs per candidate (share × N of them), the walk ~1.6 µs per document
    # read (RANK_WINDOW / share of them): they cross at share = sqrt(PG_COST_RATIO / N) (measured at 300,000
    # items: 0.44 % hits bitmap 11 ms / walk 37 ms; 3.4 % hits bitmap 90 ms / walk 10 ms)
    cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [DOC_TABLE])  # the planner's count
    row = cursor.fetchone()
    n_docs = row[0] if row and row[0] and row[0] > 0 else len(sample)
    return share >= min(0.05, max(PG_MIN_WALK_SHARE, math.sqrt(PG_COST_RATIO / max(n_docs, 1))))


WALK_SHARE = 0.05  # SQLite: FTS5 reads posting lists in order; walk only for the most common words
PG_COST_RATIO = 20
PG_MIN_WALK_SHARE = 0.004  # a page of hits expected within PROBE_WINDOW documents
SAMPLE_SIZE = 500
_SAMPLE_CACHE: dict = {}


def _sample(cursor) -> list[frozenset[str]]:
    """The bigrams and tags of the newest SAMPLE_SIZE documents, cached ten minutes."""
    import time

    hit = _SAMPLE_CACHE.get(connection.alias)
    if hit and time.monotonic() - hit[0] < 600:
        return hit[1]
    cursor.execute(f"SELECT text, tags FROM {DOC_TABLE} ORDER BY id DESC LIMIT %s", [SAMPLE_SIZE])
    sample = [frozenset(grams(text)) | frozenset(tags.split()) for text, tags in cursor.fetchall()]
    _SAMPLE_CACHE[connection.alias] = (time.monotonic(), sample)
    return sample


def _select(cursor, q: _Query, cols: str, order: str, offset: int, limit: int) -> list:
    if _frequent(cursor, q):
        # an ordered walk over the primary key (lazy, thanks to the inner LIMIT): a frequent word fills a
        # page after a few hundred rows
        rest = "".join(" AND " + w for w in q.walk_where)
        if _vendor() == "postgresql":  # the inner LIMIT keeps PostgreSQL on the primary key, lazily
            walk = f"(SELECT * FROM {DOC_TABLE} WHERE id BETWEEN %s AND %s ORDER BY id {order} LIMIT {PROBE_WINDOW}) d"
            sql = f"SELECT {cols} FROM {walk} WHERE TRUE{rest} ORDER BY d.id {order} LIMIT %s OFFSET %s"
        else:  # SQLite walks the rowid lazily by itself (a subquery with LIMIT would be materialized)
            sql = f"SELECT {cols} FROM {DOC_TABLE} d WHERE d.id BETWEEN %s AND %s{rest} ORDER BY d.id {order} LIMIT %s OFFSET %s"
        cursor.execute(sql, [q.lo, q.hi] + q.walk_params + [limit, offset])
        rows = cursor.fetchall()
        if len(rows) == limit:
            return rows
    cursor.execute(f"SELECT {cols} FROM {q.source} WHERE {q.sql_where} ORDER BY {q.key} {order} LIMIT %s OFFSET %s",
                   q.params + [limit, offset])
    return cursor.fetchall()


def _date_page(cursor, q: _Query, order: str, offset: int, limit: int) -> list[int]:
    return [row[0] for row in _select(cursor, q, "d.item_id", order, offset, limit)]


def _relevance_page(cursor, q: _Query, tokens: list[Token], offset: int,
                    limit: int) -> tuple[list[int], list[int] | None]:
    """The page and, when the ranked window was read, the window's sort keys."""
    ids: list[int] = []
    window = None
    if offset < RANK_WINDOW:
        rows = _select(cursor, q, "d.id, d.item_id, d.text", "DESC", 0, RANK_WINDOW)
        titles = dict(_titles(cursor, [r[1] for r in rows]))
        rows.sort(key=lambda r: rank_key(tokens, titles.get(r[1], ""), r[2], r[0]), reverse=True)
        ids = [r[1] for r in rows[offset:offset + limit]]
        window = [r[0] for r in rows]
        if len(window) < RANK_WINDOW:
            return ids, window
    start = max(offset, RANK_WINDOW)
    rest = offset + limit - start
    if rest > 0:
        ids += _date_page(cursor, q, "DESC", start, rest)
    return ids, window


def _titles(cursor, item_ids: list[int]) -> list[tuple[int, str]]:
    if not item_ids:
        return []
    from gongkai.disclosures.models import DisclosureItem

    marks = ", ".join(["%s"] * len(item_ids))
    cursor.execute(f"SELECT id, title FROM {DisclosureItem._meta.db_table} WHERE id IN ({marks})", item_ids)
    return cursor.fetchall()


def _count(cursor, q: _Query, tags: list[str], window: list[int] | None) -> tuple[int, bool]:
    """(total, estimated). Exact when the hits fit in the ranked window. Beyond, an estimate: the newest
    RANK_WINDOW hits lie among the newest `scanned` documents the filters allow, so about
    population × RANK_WINDOW / scanned. When they are spread thinner than SCAN_LIMIT documents (a rare word),
    the hits are counted instead, exactly up to COUNT_CAP × 10."""
    if window is None:
        window = [r[0] for r in _select(cursor, q, "d.id", "DESC", 0, RANK_WINDOW)]
    if len(window) < RANK_WINDOW:
        return len(window), False
    base = _build([], tags, min(window), q.hi, use_index=False)  # a key range: walk it
    cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {base.source} WHERE {base.sql_where} LIMIT %s) s",
                   base.params + [SCAN_LIMIT])
    scanned = cursor.fetchone()[0]
    if scanned < SCAN_LIMIT:
        population = _population(cursor, _build([], tags, q.lo, q.hi))
        return max(RANK_WINDOW, int(round(RANK_WINDOW * population / max(scanned, 1), -1))), True
    cap = COUNT_CAP * 10
    cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {q.source} WHERE {q.sql_where} LIMIT %s) s",
                   q.params + [cap + 1])
    n = cursor.fetchone()[0]
    return n, n > cap


_POP_CACHE: dict = {}


def _population(cursor, q: _Query) -> int:
    """How many documents the filters allow (cached ten minutes: it only scales an estimate; counting
    300,000 documents takes ~0.1 s on SQLite)."""
    import time

    cache_key = (connection.alias, q.sql_where, repr(q.params))
    hit = _POP_CACHE.get(cache_key)
    if hit and time.monotonic() - hit[0] < 600:
        return hit[1]
    cursor.execute(f"SELECT count(*) FROM {q.source} WHERE {q.sql_where}", q.params)
    n = cursor.fetchone()[0]
    _POP_CACHE[cache_key] = (time.monotonic(), n)
    return n


# --- snippets -------------------------------------------------------------------------------------
# Terms are matched on a folded copy (NFKC, lower case) but the excerpt shows the original characters:
# a title's full-width "（02月09日）" stays full-width.
def _folded(plain: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(plain):
        f = unicodedata.normalize("NFKC", ch).lower()
        out.append(f)
        origin.extend([i] * len(f))
    return "".join(out), origin


def _pattern(qterms: list[str]) -> re.Pattern | None:
    alts = [r"[\W_]+".join(re.escape(seg) for seg in t.split()) for t in sorted(qterms, key=len, reverse=True)]
    alts = [a for a in alts if a]
    return re.compile("|".join(alts)) if alts else None


def _spans(plain: str, pattern: re.Pattern | None) -> list[tuple[int, int]]:
    if pattern is None or not plain:
        return []
    folded, origin = _folded(plain)
    return [(origin[m.start()], origin[m.end() - 1] + 1) for m in pattern.finditer(folded) if m.end() > m.start()]


def snippet(body_html: str, qterms: list[str], width: int = 60) -> str:
    """An escaped excerpt of the body around the first term found, terms wrapped in <mark>."""
    plain = " ".join(html.unescape(strip_tags(body_html or "")).split())
    if not plain:
        return ""
    pattern = _pattern(qterms)
    spans = _spans(plain, pattern)
    start = max(0, (spans[0][0] - width // 2) if spans else 0)
    excerpt = plain[start : start + width * 2]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width * 2 < len(plain) else ""
    return mark_safe(escape(prefix) + _marked(excerpt, pattern) + escape(suffix))


def _marked(text: str, pattern: re.Pattern | None) -> str:
    out, pos = [], 0
    for s, e in _spans(text, pattern):
        if s < pos:
            continue
        out.append(escape(text[pos:s]))
        out.append("<mark>" + escape(text[s:e]) + "</mark>")
        pos = e
    out.append(escape(text[pos:]))
    return "".join(out)


def highlight(text: str, qterms: list[str]) -> str:
    """The whole text (a title), escaped, terms wrapped in <mark>."""
    return mark_safe(_marked(text or "", _pattern(qterms)))
