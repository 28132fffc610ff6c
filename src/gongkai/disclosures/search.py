"""Chinese full-text search over the public items: title, 文号 and body.

Text is normalized (NFKC, lower case, every run of non-alphanumeric characters → one space) and indexed
as overlapping character bigrams. A query is split the same way into terms; a document matches when it
contains every term as a substring of its normalized text. Terms of 2+ characters go through the index
(FTS5 phrase of the term's bigrams on SQLite; array containment on a GIN-indexed bigram column on
PostgreSQL), then every candidate is verified by `instr`/`strpos` on the stored text, so both databases
return exactly the same rows. A query made only of 1-character terms falls back to a scan.

`SearchDoc.id` is the sort key — (publication day ordinal << 32) | item id — so the index yields rows
in date order and the first page of a frequent term stops early.
Filters (agency, catalogue node with its subtree, Art. 20 item) are tag tokens in the index; the year
is a range of the sort key.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

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


def document_text(title: str, doc_no: str, body_html: str) -> str:
    return normalize(" ".join([title, doc_no, html.unescape(strip_tags(body_html or ""))]))


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
    return item.pk, item.published_on, document_text(item.title, item.doc_no, item.body), _item_tags(item)


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
    qs = items if items is not None else DisclosureItem.objects.public().select_related("node")
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


# --- querying -------------------------------------------------------------------------------------
@dataclass
class SearchResult:
    item_ids: list[int]  # this page, in order
    total: int  # capped at COUNT_CAP + 1 ("1000+")
    capped: bool
    terms: list[str]


def _filter_tags(agency_id: int | None, node_id: int | None, art20_item: str) -> list[str]:
    tags = []
    if agency_id:
        tags.append(f"ag{agency_id}")
    if node_id:
        tags.append(f"nd{node_id}")
    if art20_item:
        tags.append("it" + art20_item[-2:])
    return tags


def _fts_match(indexed: list[str], tags: list[str]) -> str:
    parts = ['grams : "' + " ".join(bigrams(t)) + '"' for t in indexed]
    parts += [f"tags : {t}" for t in tags]
    return " AND ".join(parts)


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
) -> SearchResult:
    """Item ids of one page of public items matching every term of `query`, in publication order."""
    qterms = terms(query)
    if not qterms:
        return SearchResult([], 0, False, [])
    tags = _filter_tags(agency_id, node_id, art20_item)
    ids, total = _run(qterms, tags, year, newest_first, offset, limit, count=True)
    return SearchResult(ids, min(total, COUNT_CAP), total > COUNT_CAP, qterms)


def browse(*, agency_id: int | None = None, node_id: int | None = None, year: int | None = None,
           art20_item: str = "", newest_first: bool = True, offset: int = 0, limit: int = 20) -> list[int]:
    """Item ids of one page of a catalogue list (no query), in publication order, from the index: a node's
    tag covers its whole subtree, so a parent node's list needs no sort over its children's items."""
    tags = _filter_tags(agency_id, node_id, art20_item)
    if not tags:
        raise ValueError("browse() needs an agency or a node")
    return _run([], tags, year, newest_first, offset, limit, count=False)[0]


def _run(qterms: list[str], tags: list[str], year: int | None, newest_first: bool, offset: int, limit: int,
         count: bool) -> tuple[list[int], int]:
    indexed = [t for t in qterms if len(t) >= 2]
    lo, hi = year_range(year) if year else (0, 2**63 - 1)
    order = "DESC" if newest_first else "ASC"
    vendor = _vendor()
    where: list[str] = []
    params: list = []
    if vendor == "sqlite" and (indexed or tags):
        source, order_col = f"{FTS_TABLE} f JOIN {DOC_TABLE} d ON d.id = f.rowid", "f.rowid"
        where += [f"{FTS_TABLE} MATCH %s", "f.rowid BETWEEN %s AND %s"]
        params += [_fts_match(indexed, tags), lo, hi]
    else:
        source, order_col = f"{DOC_TABLE} d", "d.id"
        where.append("d.id BETWEEN %s AND %s")
        params += [lo, hi]
        if vendor == "postgresql" and (indexed or tags):
            where.append("d.grams @> %s::text[]")
            params.append(sorted({g for t in indexed for g in bigrams(t)}) + tags)
        else:
            for tag in tags:
                where.append("d.tags LIKE %s")
                params.append(f"% {tag} %")
    func = "strpos(d.text, %s) > 0" if vendor == "postgresql" else "instr(d.text, %s) > 0"
    for term in qterms:
        where.append(func)
        params.append(term)
    sql_where = " AND ".join(where)
    page_sql = f"SELECT d.item_id FROM {source} WHERE {sql_where} ORDER BY {order_col} {order} LIMIT %s OFFSET %s"
    count_sql = f"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {sql_where} LIMIT %s) q"
    total = 0
    with connection.cursor() as cursor:
        if vendor == "postgresql" and (indexed or tags):
            return _run_pg_probing(cursor, where, params, order, offset, limit, count, page_sql, count_sql)
        cursor.execute(page_sql, params + [limit, offset])
        ids = [row[0] for row in cursor.fetchall()]
        if count:
            cursor.execute(count_sql, params + [COUNT_CAP + 1])
            total = cursor.fetchone()[0]
    return ids, total


PROBE_WINDOW = 200000


def _run_pg_probing(cursor, where, params, order, offset, limit, count, page_sql, count_sql):
    """PostgreSQL estimates a bigram array's selectivity far too low for frequent words, and then fetches
    every match through the GIN bitmap before sorting. So count first (the bitmap scan stops after
    COUNT_CAP + 1 verified rows); when the word is that frequent, walk the documents in key order instead
    (a frequent word fills a page after a few hundred rows). Both give the exact answer."""
    cursor.execute(count_sql, params + [COUNT_CAP + 1])
    total = cursor.fetchone()[0]
    if total > COUNT_CAP:
        # an ordered walk: the inner LIMIT makes PostgreSQL scan the primary key in order, lazily
        walk = f"(SELECT * FROM {DOC_TABLE} WHERE id BETWEEN %s AND %s ORDER BY id {order} LIMIT {PROBE_WINDOW}) d"
        rest = " AND ".join(where[1:]) or "TRUE"
        cursor.execute(f"SELECT d.item_id FROM {walk} WHERE {rest} ORDER BY d.id {order} LIMIT %s OFFSET %s",
                       params + [limit, offset])
        ids = [row[0] for row in cursor.fetchall()]
        if len(ids) == limit:
            return ids, total
    cursor.execute(page_sql, params + [limit, offset])
    return [row[0] for row in cursor.fetchall()], total


# --- snippets -------------------------------------------------------------------------------------
def snippet(body_html: str, qterms: list[str], width: int = 60) -> str:
    """An escaped excerpt of the body around the first term found, terms wrapped in <mark>."""
    plain = unicodedata.normalize("NFKC", html.unescape(strip_tags(body_html or "")))
    plain = " ".join(plain.split())
    if not plain:
        return ""
    pattern = re.compile("|".join(re.escape(t) for t in sorted(qterms, key=len, reverse=True)), re.I) if qterms else None
    m = pattern.search(plain) if pattern else None
    start = max(0, (m.start() - width // 2) if m else 0)
    excerpt = plain[start : start + width * 2]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width * 2 < len(plain) else ""
    if pattern is None:
        return escape(prefix + excerpt + suffix)
    out, pos = [], 0
    for hit in pattern.finditer(excerpt):
        out.append(escape(excerpt[pos : hit.start()]))
        out.append("<mark>" + escape(hit.group(0)) + "</mark>")
        pos = hit.end()
    out.append(escape(excerpt[pos:]))
    return mark_safe(escape(prefix) + "".join(out) + escape(suffix))


def highlight(text: str, qterms: list[str]) -> str:
    return snippet(text, qterms, width=max(len(text), 1))
