"""Benchmark of the 主动公开 search and catalogue pages over a large ledger (not a test).

    .venv/bin/python bench/disclosures_bench.py                 # SQLite, 1,000,000 items, under /tmp/gk-bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_bench .venv/bin/python bench/disclosures_bench.py
    options: --items N (default 1000000)  --runs R (default 30)  --keep (reuse the data of a previous run)

Prints: data size, machine, the time to insert the items, the index build time and size, the ten most
frequent bigrams of the corpus, and for each query (those bigrams, common 4-character words, multi-word
queries, quoted phrases, filters) the median and the slowest time of `search.search` (first page of 20 by
relevance + total); then catalogue list pages (server time through Django's test client). The corpus is
real government text recombined (see `corpus`). Targets (issue 13): first page ≤ 20 ms on SQLite /
≤ 50 ms on PostgreSQL for every query; page ≤ 30 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

FIXTURES = ROOT.parent / "shared" / "fixtures"
if not FIXTURES.exists():
    FIXTURES = Path("/work/shared/fixtures")
PLACES = ["泸州", "江阳", "纳溪", "龙马潭", "泸县", "合江", "叙永", "古蔺", "平潭", "洪泽", "沭阳", "高新区"]
WORK = ["政府信息公开", "政务公开", "统计调查", "行政执法", "安全生产", "乡村振兴", "营商环境", "生态环境保护",
        "财政预算", "就业创业", "医疗保障", "义务教育", "城乡建设", "防汛抗旱", "招商引资", "人口普查"]
TITLES = [
    "关于做好{year}年{work}工作的通知", "{place}{year}年{work}工作要点", "关于印发{place}{work}实施方案的通知",
    "{place}{year}年政府信息公开工作年度报告", "关于{work}情况的公示", "{place}召开{work}工作推进会",
    "关于公开征求《{place}{work}管理办法（征求意见稿）》意见的公告", "{year}年{month}月{place}{topic}情况",
    "关于开展{topic}专项检查的通知", "{place}{year}年{topic}统计公报", "{place}{work}政策解读",
]


def sentences() -> list[str]:
    """Sentences and clauses of real government text: the fixture reports and the demo's bodies."""
    import re

    from gongkai.disclosures import demo

    texts = [f.read_text(encoding="utf-8") for f in sorted(FIXTURES.glob("*/*.txt"))]
    texts += [b.format(topic=t) for b in demo.BODIES for t in demo.TOPICS_TEXT]
    out: set[str] = set()
    for text in texts:
        for sent in re.split(r"[。；！？\n]+", text):
            sent = " ".join(sent.split())
            if 8 <= len(sent) <= 160 and len(re.findall(r"[\u4e00-\u9fff]", sent)) >= len(sent) * 0.6:
                out.add(sent)
    return sorted(out)


def corpus(rng: random.Random):
    """make(k) → (title, body html) of the k-th item: recombined sentences and clauses of real text, with the
    real skew (政府/信息/公开/工作/关于… in almost every item) and a long tail of rarer words."""
    from gongkai.disclosures import demo

    sents = sentences()
    clauses = sorted({c for s in sents for c in s.split("，") if len(c) >= 4})
    topics = demo.TOPICS_TEXT

    def make(k: int) -> tuple[str, str]:
        fill = {"year": 2015 + k % 12, "month": 1 + k % 12, "place": rng.choice(PLACES), "work": rng.choice(WORK),
                "topic": rng.choice(topics)}
        title = rng.choice(TITLES).format(**fill)
        parts = []
        if rng.random() < 0.9:
            parts.append(f"为进一步做好{fill['work']}工作，根据《中华人民共和国政府信息公开条例》，现将有关情况公开如下")
        for _ in range(rng.randint(3, 7)):
            if rng.random() < 0.5:
                parts.append(rng.choice(sents))
            else:
                parts.append("，".join(rng.choice(clauses) for _ in range(rng.randint(2, 4))))
        if rng.random() < 0.3:
            parts.append(f"{fill['place']}{fill['topic']}相关数据详见附件")
        return title, "<p>" + "。".join(parts) + "。</p>"

    return make


def setup_django(var: Path) -> None:
    os.environ.setdefault("GONGKAI_VAR", str(var))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("GONGKAI_ALLOWED_HOSTS", "testserver")
    # production settings: no debug cursor, cached templates; no HTTPS redirect for the test client
    os.environ.setdefault("GONGKAI_DEBUG", "0")
    os.environ.setdefault("GONGKAI_SECRET_KEY", "bench-only")
    os.environ.setdefault("GONGKAI_SSL_REDIRECT", "0")
    os.environ.setdefault("GONGKAI_STATIC_ROOT", str(var / "static"))
    import django

    django.setup()
    from django.core.management import call_command

    # production serves hashed static names from collectstatic's manifest: the pages need it
    call_command("collectstatic", interactive=False, verbosity=0)


def build(n_items: int, rng: random.Random) -> dict:
    from django.db import connection, transaction

    from gongkai.agencies.models import Agency
    from gongkai.disclosures import search
    from gongkai.disclosures.models import CatalogueNode, DisclosureItem, Status

    agencies = []
    for i in range(10):
        a, _ = Agency.objects.get_or_create(slug=f"bench-{i}", defaults={"name": f"基准测试机关{i}"})
        agencies.append(a)
    leaves: dict[int, list] = {}
    tops: dict[int, list] = {}
    for a in agencies:
        for t in range(4):
            top, _ = CatalogueNode.objects.get_or_create(agency=a, parent=None, name=f"栏目{t}")
            tops.setdefault(a.pk, []).append(top)
            for c in range(3):
                leaf, _ = CatalogueNode.objects.get_or_create(agency=a, parent=top, name=f"栏目{t}-{c}")
                leaves.setdefault(a.pk, []).append(leaf)
    make = corpus(rng)
    fields = [f for f in DisclosureItem._meta.concrete_fields]
    proto = DisclosureItem(agency=agencies[0], title="x", publisher="基准", formed_on=dt.date(2020, 1, 1),
                           published_on=dt.date(2020, 1, 1), status=Status.PUBLISHED, channels=["website"])
    now = dt.datetime.now(dt.UTC)
    proto.created_at = proto.updated_at = now
    base = {f.column: f.get_db_prep_save(getattr(proto, f.attname), connection) for f in fields}
    cols = [f.column for f in fields]
    table = DisclosureItem._meta.db_table
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
    start_id = (DisclosureItem.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    day0 = dt.date(2015, 1, 1).toordinal()
    t0 = time.perf_counter()
    index_rows_all = 0
    index_time = 0.0
    chunk = 20000
    for offset in range(0, n_items, chunk):
        rows, index_rows = [], []
        for k in range(offset, min(n_items, offset + chunk)):
            item_id = start_id + k
            a = agencies[k % len(agencies)]
            leaf = leaves[a.pk][(k // len(agencies)) % len(leaves[a.pk])]
            day = dt.date.fromordinal(day0 + (k * 4380) // n_items)  # ids grow with time, as in a real ledger
            title, body = make(k)
            values = dict(base)
            values.update({"id": item_id, "agency_id": a.pk, "node_id": leaf.pk, "title": title, "body": body,
                           "formed_on": day, "published_on": day, "index_no": f"{a.slug}/{day.year}-{k:07d}",
                           "art20_item": "A20_04" if k % 3 else "A20_15"})
            rows.append([values[c] for c in cols])
            index_rows.append((item_id, day, title, body, a.pk, leaf.ancestor_ids(), values["art20_item"]))
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.executemany(sql, rows)
        ti = time.perf_counter()
        with transaction.atomic():
            search.bulk_index([(i, d, search.document_text(t, "", b), search.tags_for(ag, nodes, it))
                               for i, d, t, b, ag, nodes, it in index_rows])
        index_time += time.perf_counter() - ti
        index_rows_all += len(index_rows)
        done = min(n_items, offset + chunk)
        if done % 100000 == 0 or done == n_items:
            print(f"  … {done:,} items ({time.perf_counter() - t0:.0f} s)", flush=True)
    total = time.perf_counter() - t0
    return {"insert_s": total - index_time, "index_s": index_time, "agencies": agencies,
            "leaves": leaves, "tops": tops}


def index_size() -> str:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            try:
                cur.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'disclosures_fts%'")
                fts = cur.fetchone()[0] or 0
                cur.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'disclosures_searchdoc%'")
                doc = cur.fetchone()[0] or 0
            except Exception:  # noqa: BLE001 - dbstat may be missing from the SQLite build
                return "（SQLite 未编译 dbstat，无法分项统计）"
            cur.execute("PRAGMA page_count")
            pages = cur.fetchone()[0]
            cur.execute("PRAGMA page_size")
            psize = cur.fetchone()[0]
            return (f"FTS5 索引 {fts / 2**20:.0f} MB + 检索文本表 {doc / 2**20:.0f} MB；"
                    f"数据库文件共 {pages * psize / 2**20:.0f} MB")
        cur.execute("SELECT pg_relation_size('disclosures_searchdoc_grams'), pg_total_relation_size('disclosures_searchdoc'),"
                    " pg_database_size(current_database())")
        gin, total, db = cur.fetchone()
        return f"GIN 索引 {gin / 2**20:.0f} MB；检索表含索引 {total / 2**20:.0f} MB；数据库共 {db / 2**20:.0f} MB"


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1]


QUERIES = ["信息公开", "政府信息", "主动公开", "公开工作", "政府信息 公开 工作", "第七次人口普查",
           "关于做好政府信息公开工作的通知", "政务公开 标准化 规范化", "安全生产 行政执法", "“依申请公开”",
           "“政府信息公开工作年度报告”", "生猪生产", "纳溪 防汛抗旱", "量子计算"]


def frequent_bigrams(k: int) -> list[tuple[str, float]]:
    from collections import Counter

    from gongkai.disclosures import search
    from gongkai.disclosures.models import SearchDoc

    texts = list(SearchDoc.objects.order_by("-id").values_list("text", flat=True)[:5000])
    df = Counter(g for t in texts for g in set(search.grams(t)))
    return [(g, c / len(texts)) for g, c in df.most_common(k)]


def samples_of(fn, runs: int) -> list[float]:
    fn()  # warm
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return sorted(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    var = Path(os.environ.get("GONGKAI_VAR", "/tmp/gk-bench"))
    var.mkdir(parents=True, exist_ok=True)
    if not args.keep and not os.environ.get("DATABASE_URL"):
        for f in var.glob("gongkai.sqlite3*"):
            f.unlink()
    setup_django(var)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from gongkai.disclosures import search
    from gongkai.disclosures.models import CatalogueNode, DisclosureItem

    if not args.keep and connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    print(f"数据库：{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}"
          f"  机器：{platform.machine()} {os.cpu_count()} 核 · Python {platform.python_version()} · {platform.platform()}"
          f" · 开始时负载 {os.getloadavg()[0]:.1f}")
    existing = DisclosureItem.objects.count()
    if args.keep and existing:
        print(f"沿用已有数据：{existing:,} 条")
    else:
        print(f"生成 {args.items:,} 条主动公开信息 …")
        info = build(args.items, rng)
        print(f"写入信息 {info['insert_s']:.0f} s；建立检索索引 {info['index_s']:.0f} s（{args.items / info['index_s']:,.0f} 条/秒）")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:  # what autovacuum does after a bulk load: statistics, visibility map
            cur.execute("VACUUM ANALYZE disclosures_disclosureitem")
            cur.execute("VACUUM ANALYZE disclosures_searchdoc")
    print("索引大小：" + index_size())
    n = DisclosureItem.objects.count()

    top10 = frequent_bigrams(10)
    print("出现文档最多的10个二字词（抽样 5,000 条）：" + "、".join(f"{g} {share:.0%}" for g, share in top10))
    queries = [(g, {}) for g, _ in top10] + [(q, {}) for q in QUERIES]
    agency = DisclosureItem.objects.values_list("agency_id", flat=True).first()
    queries += [("政府信息", {"agency_id": agency, "year": 2020}), ("信息公开", {"order": "new"}),
                ("第七次人口普查", {"order": "old"}), ("政府信息", {"offset": 200})]
    print(f"\n检索（第一页 20 条按相关度 + 总数：{search.RANK_WINDOW} 条以内精确，以上估算“约N条”），每个 {args.runs} 次：")
    medians, worst = [], 0.0
    for q, kw in queries:
        res = search.search(q, **kw)
        samples = samples_of(lambda q=q, kw=kw: search.search(q, **kw), args.runs)
        med = statistics.median(samples)
        medians.append((med, q, kw))
        worst = max(worst, samples[-1])
        total = f"约{res.total}" if res.estimated else str(res.total)
        extra = f" {kw}" if kw else ""
        print(f"  “{q}”{extra}：{total} 条，中位 {med:.2f} ms，最慢 {samples[-1]:.2f} ms")
    one = top10[0][0][0]
    med1, _ = timed(lambda: search.search(one), max(3, args.runs // 5))
    print(f"  1字（逐条比对，不计入目标） “{one}”：中位 {med1:.2f} ms")
    slowest = max(medians, key=lambda m: m[0])
    target = 20 if connection.vendor == "sqlite" else 50
    print(f"\n检索汇总（{n:,} 条，{len(queries)} 个查询）：各查询中位数的中位 {statistics.median(m[0] for m in medians):.2f} ms；"
          f"最慢查询 “{slowest[1]}” 中位 {slowest[0]:.2f} ms；所有单次中最慢 {worst:.2f} ms（目标第一页 ≤ {target} ms）")

    client = Client()
    leaf = CatalogueNode.objects.filter(parent__isnull=False, agency__slug__startswith="bench-").first()
    top = leaf.parent
    leaf_count = DisclosureItem.objects.filter(node=leaf).count()
    url_leaf = f"/open/{leaf.agency.slug}/catalogue/{leaf.pk}/"
    url_top = f"/open/{top.agency.slug}/catalogue/{top.pk}/"
    assert client.get(url_leaf).status_code == 200
    page_leaf, p90_leaf = timed(lambda: client.get(url_leaf), args.runs)
    page_top, p90_top = timed(lambda: client.get(url_top), args.runs)
    page_last, _ = timed(lambda: client.get(url_leaf + "?page=200"), args.runs)
    page_year, _ = timed(lambda: client.get(url_leaf + "?year=2020"), args.runs)
    search_page, _ = timed(lambda: client.get("/open/search/", {"q": top10[0][0]}), args.runs)

    print(f"\n目录列表页（服务器端：视图 + 查询 + 模板），{args.runs} 次取中位数：")
    print(f"  末级栏目（{leaf_count:,} 条）第1页：中位 {page_leaf:.2f} ms，p90 {p90_leaf:.2f} ms")
    print(f"  上级栏目（含3个下级）第1页：中位 {page_top:.2f} ms，p90 {p90_top:.2f} ms")
    print(f"  末级栏目第200页：中位 {page_last:.2f} ms；按年份筛选：中位 {page_year:.2f} ms")
    print(f"  检索结果页（2字）：中位 {search_page:.2f} ms")
    print(f"结束时负载 {os.getloadavg()[0]:.1f}（其他进程同时运行时数值偏高）")
    print(f"目录列表页中位 {page_leaf:.2f} ms（目标 ≤ 30 ms）")


if __name__ == "__main__":
    main()
