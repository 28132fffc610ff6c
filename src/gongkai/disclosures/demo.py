"""Demo ledger (idempotent, bulk-loaded through the actions' bulk variants, which journal one batch event
per agency and kind listing the ids: it runs on every `make run`).

- 泸州市统计局 (luzhou-tjj), 2020: exactly the seed report's figures — 1623 items: 1369 on the government
  website, 191 on new media (62 政务微信, 129 政务微博), 63 on traditional carriers; 1 policy
  interpretation of the one document that needed it (解读率 100%); no 规章 or 规范性文件.
- every demo agency: a 公开目录, a 公开指南 and a recent ledger (2024–2026) with normative documents of
  each validity, interpretations, a few late publications and items waiting in the review queues.
A second run finds the data present and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.disclosures import actions, demo_text
from gongkai.disclosures.models import (
    CatalogueNode,
    Channel,
    DisclosureItem,
    DocType,
    Guide,
    Status,
    Validity,
)
from gongkai.journal.actors import SYSTEM
from gongkai.rules import disclosure as rules
from gongkai.workcalendar.service import get_calendar

NOTE = "载入演示台账"
SEED_SLUG = "luzhou-tjj"
SEED_YEAR = 2020
SEED_CHANNELS = [(Channel.WEBSITE, 1369), (Channel.WECHAT, 62), (Channel.WEIBO, 129), (Channel.PRESS, 41),
                 (Channel.SERVICE_HALL, 22)]

# (name, Art. 20 item, children)
CATALOGUE = [
    ("机构概况", "A20_02", [("机构职能", "A20_02"), ("领导信息", "A20_02"), ("内设机构", "A20_02")]),
    ("政策文件", "A20_01", [("规章", "A20_01"), ("行政规范性文件", "A20_01"), ("其他文件", "A20_15"), ("政策解读", "A20_01")]),
    ("统计信息", "A20_04", [("统计公报", "A20_04"), ("月度数据", "A20_04"), ("统计分析", "A20_04"), ("统计年鉴", "A20_04")]),
    ("规划计划", "A20_03", []),
    ("财政资金", "A20_07", [("部门预算", "A20_07"), ("部门决算", "A20_07")]),
    ("重点领域", "", [("疫情防控", "A20_12"), ("脱贫攻坚", "A20_11"), ("节能降耗", "A20_13")]),
    ("人事信息", "A20_14", []),
    ("工作动态", "A20_15", []),
]

MONTHLY = [  # {span} is "1月" in January and "1-{m}月" after; {area} the city or one of its seven counties
    "{y}年{m}月{area}规模以上工业生产情况", "{y}年{m}月{area}居民消费价格指数", "{y}年{span}{area}固定资产投资情况",
    "{y}年{span}{area}社会消费品零售总额", "{y}年{m}月{area}主要经济指标", "{y}年{span}{area}规模以上服务业企业营业收入",
    "{y}年{span}{area}能源生产和消费情况", "{y}年{span}{area}房地产开发和销售情况", "{y}年{span}{area}一般公共预算收支情况",
    "{y}年{m}月{area}金融机构存贷款情况", "{y}年{span}{area}外贸进出口情况", "{y}年{span}{area}建筑业生产情况",
    "{y}年{m}月{area}工业生产者出厂价格", "{y}年{span}{area}规模以上工业企业利润", "{y}年{m}月{area}农产品价格监测",
    "{y}年{span}{area}交通运输和邮电业务情况",
]
AREAS = ["全市", "江阳区", "纳溪区", "龙马潭区", "泸县", "合江县", "叙永县", "古蔺县"]
INDICATORS = ["规模以上工业增加值", "居民消费价格", "固定资产投资", "社会消费品零售总额", "地区生产总值"]
ANALYSIS = [
    "{y}年{q}季度全市{topic}监测分析", "关于全市{topic}情况的统计分析", "{y}年{topic}发展监测报告", "全市{topic}抽样调查结果",
]
TOPICS_TEXT = ["城镇居民收入", "农村居民收入", "生猪生产恢复", "妇女儿童发展", "城镇单位就业人员平均工资", "小微企业经营",
               "第四次经济普查", "第七次全国人口普查", "粮食产量", "房地产开发投资", "文化产业", "民营经济"]
CENSUS = "第七次全国人口普查"
CENSUS_SENTENCE = "第七次全国人口普查有关资料详见本局“普查数据”栏目。"
COVID = ["疫情防控期间统计数据报送工作提示（第{n}期）", "全市企业复工复产情况监测（第{n}期）", "疫情防控知识宣传（第{n}期）"]
NEWS = ["市统计局召开{topic}工作推进会", "市统计局开展{topic}专题培训", "市统计局赴区县调研{topic}工作",
        "市统计局部署{topic}工作", "市统计局党组理论学习中心组开展{topic}专题学习"]
# government-style sentences with a {topic} blank, for other users of the demo's text (the search benchmark
# builds its corpus from them): every sentence of demo_text.KIND_SENTENCES whose only blank is the subject
BODIES = [s.replace("{subject}", "{topic}") for pool in demo_text.KIND_SENTENCES.values() for s in pool
          if "{" not in s.replace("{subject}", "")]
# the kind of text (demo_text.KIND_SENTENCES) of each catalogue node's items
NODE_KIND = {"疫情防控": "epidemic", "脱贫攻坚": "poverty", "节能降耗": "energy", "统计分析": "analysis",
             "其他文件": "law", "人事信息": "personnel", "部门预算": "budget", "部门决算": "budget",
             "月度数据": "release", "工作动态": "news", "规划计划": "plan"}


def _unique(title: str, day: dt.date, seen: set[str]) -> str:
    """`title`, or with its publication day (and then a number) added when another item has it already."""
    if title in seen:
        title = f"{title}（{day:%m月%d日}）"
    base, k = title, 2
    while title in seen:
        title, k = f"{base}之{k}", k + 1
    seen.add(title)
    return title


def _workdays(year: int, calendar) -> list[dt.date]:
    day, out = dt.date(year, 1, 1), []
    while day.year == year:
        if calendar.is_workday(day):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def _catalogue(agency: Agency) -> dict[str, CatalogueNode]:
    nodes = {n.name: n for n in CatalogueNode.objects.filter(agency=agency)}
    if nodes:
        return nodes
    return actions.bulk_create_nodes(SYSTEM, agency, CATALOGUE, note=NOTE)


def _guide(agency: Agency) -> None:
    if Guide.objects.filter(agency=agency).exists():
        return
    office = agency.disclosure_office or f"{agency.name}办公室"
    actions.save_guide(SYSTEM, agency, {
        "office": office, "address": agency.address or "四川省泸州市江阳区", "postcode": agency.postcode,
        "office_hours": agency.office_hours or "工作日 9:00-12:00，13:30-17:30", "phone": agency.phone or "0830-3191422",
        "intro": f"为便于公民、法人和其他组织获取{agency.name}的政府信息，根据《中华人民共和国政府信息公开条例》编制本指南。",
        "proactive_scope": "《条例》第二十条、第二十一条规定应当主动公开的政府信息，详见本机关政府信息公开目录。",
        "proactive_channels": "通过本平台（政府网站）、政务微信、政务微博、报刊广播电视和政务服务场所公开；"
                              "主动公开的政府信息自形成或者变更之日起20个工作日内公开。",
        "application_channels": f"受理机构：{office}。可当面提交、邮政寄送或通过本平台在线提交政府信息公开申请。",
        "application_process": "收到申请后能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；"
                               "需要延长答复期限的，经负责人同意并告知申请人，延长期限最长不超过20个工作日。",
        "fees": rules.GUIDE_DEFAULT_FEES,
        "remedies": rules.GUIDE_DEFAULT_REMEDIES,
    }, updated_on=dt.date(2026, 1, 5))


def _seed_specs(nodes: dict[str, CatalogueNode], calendar) -> list[dict]:
    """The 1623 items of 泸州市统计局 in 2020."""
    rng = random.Random(SEED_YEAR)
    days = _workdays(SEED_YEAR, calendar)
    # content groups from the seed report: 47 epidemic, 4 poverty, 11 energy, 15 livelihood, 3 statistics rules,
    # 3 recruitment, 7 finance, 2 interpretation pair, the rest statistical releases and news.
    groups: list[tuple[str, str, str]] = []  # (title pattern, node, topic code)
    groups += [(rng.choice(COVID), "疫情防控", "12") for _ in range(47)]
    groups += [("脱贫攻坚统计监测“回头看”情况（第{n}期）", "脱贫攻坚", "16") for _ in range(4)]
    groups += [("全市节能降耗统计监测情况（第{n}期）", "节能降耗", "09") for _ in range(11)]
    groups += [(rng.choice(ANALYSIS), "统计分析", "21") for _ in range(15)]
    groups += [("统计法律法规宣传：{topic}（第{n}期）", "其他文件", "21") for _ in range(3)]
    groups += [("市统计局{y}年公开招聘工作人员公告（第{n}号）", "人事信息", "14") for _ in range(3)]
    groups += [("泸州市统计局{y}年部门预算", "部门预算", "03"), ("泸州市统计局{y}年部门决算", "部门决算", "03")]
    groups += [("泸州市统计局{y}年财务收支情况（第{n}期）", "部门决算", "03") for _ in range(5)]
    n_rest = 1623 - len(groups) - 2
    n_news = 200
    groups += [(MONTHLY[i % len(MONTHLY)], "月度数据", "21") for i in range(n_rest - n_news)]
    groups += [(rng.choice(NEWS), "工作动态", "01") for _ in range(n_news)]
    channels: list[str] = []
    for channel, count in SEED_CHANNELS:  # the two census items below are on the website
        channels += [channel] * (count - 2 if channel == Channel.WEBSITE else count)
    rng.shuffle(groups)
    rng.shuffle(channels)
    seen: set[str] = set()
    specs: list[dict] = []
    counters: dict[str, int] = {}
    monthly: dict[int, int] = {}  # releases so far in each month: each one a different indicator or county
    for i, (pattern, node_name, topic) in enumerate(groups):
        day = days[(i * len(days)) // len(groups)]
        counters[pattern] = counters.get(pattern, 0) + 1
        n = counters[pattern]
        topic_text = TOPICS_TEXT[(i + n) % len(TOPICS_TEXT)]
        fields = {"y": SEED_YEAR, "m": day.month, "q": "一二三四"[(day.month - 1) // 3], "n": n, "topic": topic_text,
                  "span": f"1-{day.month}月" if day.month > 1 else "1月", "area": "全市"}
        if node_name == "月度数据":
            k = monthly[day.month] = monthly.get(day.month, -1) + 1
            pattern = MONTHLY[k % len(MONTHLY)]
            fields["area"] = AREAS[(k // len(MONTHLY)) % len(AREAS)]
        title = _unique(pattern.format(**fields), day, seen)
        formed = day - dt.timedelta(days=rng.randint(0, 10))
        node = nodes[node_name]
        body = demo_text.compose(
            NODE_KIND[node_name], title, SEED_SLUG, subject=topic_text, area=fields["area"], year=str(SEED_YEAR),
            period=title.split(fields["area"])[0] if node_name == "月度数据" else f"{SEED_YEAR}年{fields['span']}",
            indicator=INDICATORS[i % len(INDICATORS)],
            date=f"{day.month}月{day.day}日", agency="市统计局",
            lead=f"现将{title}公布如下。" if node_name == "月度数据" else "",
            extra=(CENSUS_SENTENCE,) if topic_text == CENSUS else ())
        specs.append({
            "title": title, "node": node, "art20_item": node.art20_item or "A20_15", "topic": topic,
            "formed_on": formed, "published_on": day, "status": Status.PUBLISHED, "channels": [channels[i]],
            "doc_no": f"泸市统〔{SEED_YEAR}〕{n}号" if node_name in {"其他文件", "人事信息"} else "",
            "body": body,
        })
    # the document that needed an interpretation, and its interpretation (both on the website)
    census = "泸州市第七次全国人口普查实施方案"
    specs.append({
        "title": census, "node": nodes["其他文件"], "art20_item": "A20_15", "topic": "21", "requires_interpretation": True,
        "formed_on": dt.date(2020, 6, 22), "published_on": dt.date(2020, 6, 29), "status": Status.PUBLISHED,
        "channels": [Channel.WEBSITE], "doc_no": "泸市人普办〔2020〕1号",
        "body": "<p>为做好第七次全国人口普查工作，制定本实施方案。普查标准时点为2020年11月1日零时。</p>",
    })
    specs.append({
        "title": "《泸州市第七次全国人口普查实施方案》政策解读", "node": nodes["政策解读"], "art20_item": "A20_01",
        "topic": "21", "doc_type": DocType.INTERPRETATION, "formed_on": dt.date(2020, 6, 29),
        "published_on": dt.date(2020, 6, 30), "status": Status.PUBLISHED, "channels": [Channel.WEBSITE],
        "interprets": [census], "body": "<p>一、制定背景。二、主要内容：普查对象、普查内容和时点、组织实施。三、工作要求。</p>",
    })
    return specs


RECENT_NODES = ["工作动态", "统计分析", "规划计划", "部门预算", "疫情防控", "人事信息"]
RECENT_TITLES = {  # per node: titles that go with it, used in turn
    "工作动态": ["{short}召开{year}年{subject}工作推进会", "{short}开展{year}年{subject}专题培训",
                 "{short}{year}年赴基层调研{subject}工作", "{short}部署{year}年{subject}工作"],
    "统计分析": ["{year}年{q}季度{subject}情况分析", "{short}{year}年{subject}工作情况分析"],
    "规划计划": ["{short}{year}年{subject}工作计划", "{short}{year}年{subject}工作要点"],
    "部门预算": ["{name}{year}年部门预算", "{name}{year}年“三公”经费预算情况说明", "{name}{year}年部门预算执行情况"],
    "疫情防控": ["{short}关于做好{year}年{season}季传染病防控工作的提示", "{short}{year}年{season}季公共卫生安全提醒"],
    "人事信息": ["{short}{year}年公开招聘工作人员公告", "{short}{year}年公开招聘工作人员拟聘用人员公示",
                 "{short}{year}年公开招聘工作人员考试成绩公布"],
}
NODE_TOPIC = {"部门预算": "03", "人事信息": "14", "疫情防控": "12"}  # other nodes: the agency's own field


def _recent_specs(agency: Agency, nodes: dict[str, CatalogueNode], calendar, today: dt.date) -> list[dict]:
    """A recent ledger: normative documents with each validity, interpretations, some late items, drafts —
    titles and text in the agency's own field (demo_text.DOMAINS)."""
    rng = random.Random(agency.slug)
    short = agency.short_name or agency.name
    domain = demo_text.DOMAINS.get(agency.slug, demo_text.DEFAULT_DOMAIN)
    specs: list[dict] = []
    seen: set[str] = set()
    used: dict[str, int] = {}
    start = dt.date(2024, 1, 2)
    span = (today - start).days
    for i in range(36):
        day = calendar.next_workday(start + dt.timedelta(days=(i * span) // 36))
        if day > today:
            day = today
        subject = domain.subjects[(i // 6 + 2 * (i % 6)) % len(domain.subjects)]
        late = i % 12 == 5  # a few late publications for the workbench
        formed = day - dt.timedelta(days=45 if late else rng.randint(0, 8))
        node_name = RECENT_NODES[i % 6]
        node = nodes[node_name]
        patterns = RECENT_TITLES[node_name]
        used[node_name] = used.get(node_name, -1) + 1
        season = "冬春" if day.month in (11, 12, 1, 2, 3, 4) else "夏秋"
        fields = {"short": short, "name": agency.name, "subject": subject, "year": day.year, "season": season,
                  "q": "一二三四"[(day.month - 1) // 3]}
        title = _unique(patterns[used[node_name] % len(patterns)].format(**fields), day, seen)
        specs.append({
            "title": title, "node": node, "art20_item": node.art20_item or "A20_15",
            "topic": NODE_TOPIC.get(node_name, domain.topic), "formed_on": formed, "published_on": day,
            "status": Status.PUBLISHED, "channels": [Channel.WEBSITE] + ([Channel.WECHAT] if i % 3 == 0 else []),
            "body": demo_text.compose(NODE_KIND[node_name], title, agency.slug, subject=subject, agency=short,
                                      year=str(day.year), season=season, date=f"{day.month}月{day.day}日"),
        })
    d = dt.date
    normative = [  # (which of the agency's normative subjects, kind of document, ...)
        (0, "管理办法", d(2024, 3, 1), d(2024, 3, 8), Validity.VALID, None, True),
        (1, "实施细则", d(2024, 6, 3), d(2024, 6, 11), Validity.REVISED, d(2025, 9, 1), False),
        (1, "实施细则（2025年修订）", d(2025, 8, 20), d(2025, 8, 27), Validity.VALID, None, True),
        (2, "暂行规定", d(2021, 5, 6), d(2021, 5, 14), Validity.REPEALED, d(2025, 4, 1), False),
        (3, "工作规则", d(2022, 2, 8), d(2022, 2, 15), Validity.EXPIRED, d(2024, 12, 31), False),
    ]
    subjects = demo_text.NORMATIVE_SUBJECTS.get(agency.slug, demo_text.NORMATIVE_SUBJECTS["luzhou"])
    for k, name, formed, published, validity, changed, needs in normative:
        title = _unique(f"{agency.name}{subjects[k]}{name}", published, seen)
        kind_name = name.split("（")[0]
        specs.append({
            "title": title, "node": nodes["行政规范性文件"], "art20_item": "A20_01", "topic": domain.topic,
            "doc_type": DocType.NORMATIVE, "doc_no": f"{short[:4]}规〔{formed.year}〕{formed.month}号",
            "formed_on": formed, "published_on": published, "status": Status.PUBLISHED, "channels": [Channel.WEBSITE],
            "validity": validity, "effective_on": published + dt.timedelta(days=30), "validity_changed_on": changed,
            "requires_interpretation": needs,
            "body": demo_text.compose("normative", title, agency.slug, subject=subjects[k], name=kind_name[-4:]),
        })
        if needs:
            specs.append({
                "title": _unique(f"《{title}》政策解读", published, seen), "node": nodes["政策解读"],
                "art20_item": "A20_01", "topic": domain.topic, "doc_type": DocType.INTERPRETATION,
                "formed_on": published, "published_on": published, "status": Status.PUBLISHED,
                "channels": [Channel.WEBSITE], "interprets": [title],
                "body": demo_text.compose("interpretation", "解读" + title, agency.slug, subject=subjects[k],
                                          agency=short),
            })
    waiting = [(Status.DRAFT, "（草稿）"), (Status.CONTENT_REVIEW, "（待审核）"), (Status.SECRECY_REVIEW, "（待保密审查）")]
    subject = domain.subjects[-1]
    for status, tag in waiting:
        title = _unique(f"{short}关于做好{today.year}年{subject}工作的通知{tag}", today, seen)
        specs.append({
            "title": title, "node": nodes["其他文件"], "art20_item": "A20_15", "topic": domain.topic,
            "formed_on": today - dt.timedelta(days=3), "status": status, "channels": [Channel.WEBSITE],
            "body": demo_text.compose("notice", title, agency.slug, subject=subject, agency=short),
        })
    return specs


def load(stdout=None) -> None:
    calendar = get_calendar()
    today = timezone.localdate()
    agencies = list(Agency.objects.filter(slug__in=[
        "luzhou", "luzhou-tjj", "luzhou-sthjj", "luzhou-rsj", "jiangyang", "jiangyang-jyj"]))
    created = 0
    with transaction.atomic():
        for agency in agencies:
            nodes = _catalogue(agency)
            _guide(agency)
            specs: list[dict] = []
            if agency.slug == SEED_SLUG and not DisclosureItem.objects.filter(
                agency=agency, published_on__year=SEED_YEAR
            ).exists():
                specs += _seed_specs(nodes, calendar)
            if not DisclosureItem.objects.filter(agency=agency, published_on__year__gte=2024).exists() and \
                    not DisclosureItem.objects.filter(agency=agency, status=Status.DRAFT).exists():
                specs += _recent_specs(agency, nodes, calendar, today)
            if specs:
                created += len(actions.bulk_load_items(SYSTEM, agency, specs, note=NOTE))
    if stdout is not None:
        stdout.write(f"主动公开：演示台账{'新增 ' + str(created) + ' 条' if created else '已存在，未改动'}。")
