"""Benchmark of the 主动公开 search and catalogue pages over a large ledger (not a test).

    .venv/bin/python bench/disclosures_bench.py                 # SQLite, 1,000,000 items, under /tmp/gk-bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_bench .venv/bin/python bench/disclosures_bench.py
    options: --items N (default 1000000)  --runs R (default 30)  --keep (reuse the data of a previous run)

Prints: data size, machine, the time to insert the items, the index build time and size, and the median
(and p90) time of the first page of 2-character and 4-character queries and of a catalogue list page
(server time through Django's test client: view, queries, template). Targets (issue 4): queries ≤ 20 ms on
SQLite / ≤ 50 ms on PostgreSQL; page ≤ 30 ms.
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

# Common characters of government statistical texts, to build a Zipf-distributed vocabulary.
CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定"
    "行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其"
    "些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建"
    "月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接"
    "知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器"
    "压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议"
    "声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复"
    "容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标"
    "写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
)


def setup_django(var: Path) -> None:
    os.environ.setdefault("GONGKAI_VAR", str(var))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("GONGKAI_ALLOWED_HOSTS", "testserver")
    # production settings: no debug cursor, cached templates; no HTTPS redirect for the test client
    os.environ.setdefault("GONGKAI_DEBUG", "0")
    os.environ.setdefault("GONGKAI_SECRET_KEY", "bench-only")
    os.environ.setdefault("GONGKAI_SSL_REDIRECT", "0")
    import django

    django.setup()


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    words = set()
    while len(words) < size:
        n = rng.choice((2, 2, 2, 3, 4))
        words.add("".join(rng.choice(CHARS) for _ in range(n)))
    return sorted(words)


def zipf_picker(rng: random.Random, words: list[str]):
    weights = [1.0 / (i + 1) for i in range(len(words))]
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    import bisect

    def pick(k: int) -> list[str]:
        return [words[bisect.bisect_left(cum, rng.random() * total)] for _ in range(k)]

    return pick


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
    words = vocabulary(rng)
    pick = zipf_picker(rng, words)
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
            title = "".join(pick(rng.randint(3, 6))) + "情况"
            body = "<p>" + "，".join("".join(pick(rng.randint(3, 6))) for _ in range(rng.randint(6, 12))) + "。</p>"
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
    return {"insert_s": total - index_time, "index_s": index_time, "words": words, "agencies": agencies,
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
        words = vocabulary(rng)
    else:
        print(f"生成 {args.items:,} 条主动公开信息 …")
        info = build(args.items, rng)
        words = info["words"]
        print(f"写入信息 {info['insert_s']:.0f} s；建立检索索引 {info['index_s']:.0f} s（{args.items / info['index_s']:,.0f} 条/秒）")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:  # what autovacuum does after a bulk load: statistics, visibility map
            cur.execute("VACUUM ANALYZE disclosures_disclosureitem")
            cur.execute("VACUUM ANALYZE disclosures_searchdoc")
    print("索引大小：" + index_size())
    n = DisclosureItem.objects.count()

    two = [w for w in words if len(w) == 2]
    four = [w for w in words if len(w) == 4]
    picks2 = [two[i] for i in (0, 5, 20, 60, 150, 400)]
    picks4 = [four[i] for i in (0, 3, 10, 30, 80, 200)]
    # words are Zipf-ranked by their index in `words`; report hits to show the spread
    print(f"\n检索（第一页 20 条 + 命中数（封顶 {search.COUNT_CAP}）），每个词 {args.runs} 次取中位数：")
    medians = {}
    for label, picks in (("2字", picks2), ("4字", picks4)):
        ms = []
        for w in picks:
            res = search.search(w)
            med, p90 = timed(lambda w=w: search.search(w), args.runs)
            ms.append(med)
            print(f"  {label} “{w}”：命中 {res.total}{'+' if res.capped else ''} 条，中位 {med:.2f} ms，p90 {p90:.2f} ms")
        medians[label] = statistics.median(ms)
    agency = DisclosureItem.objects.values_list("agency_id", flat=True).first()
    w = picks2[2]
    med, _ = timed(lambda: search.search(w, agency_id=agency, year=2020), args.runs)
    print(f"  2字 + 机关 + 年份筛选 “{w}”：中位 {med:.2f} ms")
    one = picks2[0][0]
    med1, _ = timed(lambda: search.search(one), max(3, args.runs // 5))
    print(f"  1字（逐条比对） “{one}”：中位 {med1:.2f} ms")

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
    search_page, _ = timed(lambda: client.get("/open/search/", {"q": picks2[2]}), args.runs)

    print(f"\n目录列表页（服务器端：视图 + 查询 + 模板），{args.runs} 次取中位数：")
    print(f"  末级栏目（{leaf_count:,} 条）第1页：中位 {page_leaf:.2f} ms，p90 {p90_leaf:.2f} ms")
    print(f"  上级栏目（含3个下级）第1页：中位 {page_top:.2f} ms，p90 {p90_top:.2f} ms")
    print(f"  末级栏目第200页：中位 {page_last:.2f} ms；按年份筛选：中位 {page_year:.2f} ms")
    print(f"  检索结果页（2字）：中位 {search_page:.2f} ms")
    print(f"结束时负载 {os.getloadavg()[0]:.1f}（其他进程同时运行时数值偏高）")
    target = 20 if connection.vendor == "sqlite" else 50
    print(f"\n汇总（{n:,} 条）：2字查询中位 {medians['2字']:.2f} ms，4字查询中位 {medians['4字']:.2f} ms"
          f"（目标 ≤ {target} ms）；目录列表页中位 {page_leaf:.2f} ms（目标 ≤ 30 ms）")


if __name__ == "__main__":
    main()
