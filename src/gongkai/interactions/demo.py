"""Demo mailbox letters and surveys (idempotent: letters are keyed by their tracking code, surveys by demo_key).

泸州市统计局 (luzhou-tjj) in 2020 has exactly the seed report's figures: 44 letters, all answered and
published, and 1 online survey. Every record is made through the actions, as a real agency would.
"""

from __future__ import annotations

import datetime as dt
import zlib

from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import passwords
from gongkai.interactions import actions
from gongkai.interactions.models import MailboxLetter, QuestionKind, Survey
from gongkai.workcalendar.service import get_calendar

DEMO_QUERY_PASSWORD = "chaxun2026"
SEED_SLUG = "luzhou-tjj"
SEED_YEAR = 2020
SEED_LETTERS = 44

# (category, subject, question, answer) — the kind of letters a statistics bureau receives.
STATS_TOPICS = [
    ("咨询", "{year}年全市居民人均可支配收入数据", "请问在哪里可以查到泸州市{year}年上半年城乡居民人均可支配收入？",
     "您好！{year}年上半年全市居民收支数据已在本局网站“统计数据—统计快报”栏目公布，可按月份查询。感谢您的关注。"),
    ("咨询", "统计年鉴如何获取", "想获取最新的《泸州统计年鉴》，请问是否可以免费查阅？",
     "您好！《泸州统计年鉴》电子版已在本局网站“统计数据—统计年鉴”栏目公开，可免费查阅下载；纸质版可到市图书馆查阅。"),
    ("咨询", "第七次全国人口普查入户登记时间", "第七次全国人口普查什么时候入户登记？普查员会上门吗？",
     "您好！第七次全国人口普查于{year}年11月1日零时为标准时点开展入户登记，普查员持证上门，请您配合如实申报。"),
    ("咨询", "城镇单位就业人员平均工资发布时间", "请问{year}年度城镇非私营单位就业人员平均工资什么时候发布？",
     "您好！全市城镇单位就业人员年平均工资一般在次年二季度发布，届时将在本局网站公开。"),
    ("建议", "建议公开分区县主要经济指标", "建议在网站上按区县公开GDP、固定资产投资等主要指标，方便对比。",
     "您好！感谢您的建议。本局已在“统计数据—区县数据”栏目按季度公开各区县主要经济指标，后续将进一步丰富指标。"),
    ("咨询", "统计从业人员继续教育", "统计从业人员继续教育在哪里报名，需要多少学时？",
     "您好！统计人员继续教育可通过四川省统计继续教育平台在线学习，每年不少于24学时，具体安排见本局通知公告。"),
    ("求助", "企业统计联网直报账号密码遗忘", "我公司负责统计报表的人员离职，联网直报平台密码找不到了，怎么办？",
     "您好！请携带单位介绍信到所在区县统计局专业科室办理密码重置，也可致电本局相关专业科室咨询办理。"),
    ("咨询", "居民消费价格指数查询", "请问{year}年泸州市居民消费价格指数（CPI）每月数据在哪里看？",
     "您好！全市居民消费价格指数按月在本局网站“统计数据—月度数据”栏目发布，可查询各月同比、环比数据。"),
    ("建议", "统计公报增加图表解读", "统计公报文字较多，建议增加图表和通俗解读。",
     "您好！感谢您的建议。本局已在发布统计公报时同步推出图解，今后将继续加强数据解读和可视化展示。"),
    ("咨询", "经济普查数据是否公开", "第四次全国经济普查的泸州市数据是否已经公开？",
     "您好！泸州市第四次全国经济普查主要数据公报已在本局网站公开，可在“统计数据—普查数据”栏目查阅。"),
    ("投诉", "调查员入户时间不当", "统计调查员晚上九点后入户调查，影响休息，希望改进。",
     "您好！收到您的反映后我局已核实并要求调查员合理安排入户时间，向您表示歉意，感谢您对统计工作的支持。"),
    ("咨询", "住户调查记账补贴", "我家是住户调查记账户，请问记账补贴如何发放？",
     "您好！住户调查记账补贴由国家统计局泸州调查队按规定发放，具体标准和时间请咨询所在辖区调查员。"),
    ("咨询", "统计执法检查依据", "统计执法检查依据哪些法律法规？企业需要准备什么材料？",
     "您好！统计执法检查依据《统计法》《统计法实施条例》等开展，企业需准备统计台账、原始记录及相关财务资料。"),
    ("咨询", "人口数据用于学术研究", "我是高校学生，论文需要泸州市分年龄人口数据，如何获取？",
     "您好！已公开的人口数据可在统计年鉴中查阅；如需未公开的数据，可依照《政府信息公开条例》提出申请。"),
    ("建议", "网站增加数据下载功能", "建议网站数据表格提供Excel下载，便于使用。",
     "您好！感谢您的建议。本局网站主要数据表已陆续提供Excel格式下载，我们将继续完善。"),
    ("咨询", "规模以上工业增加值口径", "规模以上工业的标准是什么？增加值增速如何计算？",
     "您好！规模以上工业指年主营业务收入2000万元及以上的工业法人单位，增加值增速按可比价格计算。"),
    ("咨询", "新冠肺炎疫情对经济数据影响说明", "一季度数据下降较多，是否有疫情影响的解读？",
     "您好！本局已发布一季度经济运行情况解读，详细分析了疫情影响和恢复情况，请在“政策解读”栏目查阅。"),
    ("求助", "统计证明开具", "办理业务需要单位的统计数据证明，统计局能否开具？",
     "您好！本局不对企业出具统计数据证明，企业报送的统计数据可通过联网直报平台自行查询打印。"),
    ("咨询", "农业统计数据查询", "请问全市粮食产量和生猪出栏数据在哪里发布？",
     "您好！粮食产量和生猪出栏等农业数据按季度在本局网站发布，年度数据见统计公报。"),
    ("建议", "加强统计数据解读", "希望对统计数据多做通俗解读，让老百姓看得懂。",
     "您好！感谢您的建议。我局将通过网站、政务微信、政务微博等渠道持续推出通俗易懂的数据解读。"),
    ("咨询", "统计局招聘信息", "{year}年统计局是否有公开招聘计划？",
     "您好！本局招聘信息将在本局网站“人事信息”栏目和市人社局网站同步发布，请关注。"),
    ("其他", "对统计工作的感谢", "感谢统计局工作人员耐心解答我的问题。",
     "您好！感谢您的肯定，我们将继续做好统计服务工作。"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def _code(slug: str, year: int, n: int) -> str:
    return f"DM{zlib.crc32(slug.encode()) % 10000:04d}{year}{n:03d}"


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


_HASH: list[str] = []


def _password_hash() -> str:
    if not _HASH:
        _HASH.append(passwords.make(DEMO_QUERY_PASSWORD))
    return _HASH[0]


def _letter(agency, code, n, topic, year, received: dt.datetime, consent: bool):
    category, subject, question, _ = topic
    conf = actions.mailbox_settings(agency)
    if category not in conf.category_list():
        category = conf.category_list()[-1]
    name = SURNAMES[n % len(SURNAMES)] + ("先生" if n % 2 else "女士")
    return actions.submit_letter(
        actions.PUBLIC_ACTOR, agency, category=category, writer_name=name, phone=f"138{(n * 7919) % 100000000:08d}",
        subject=subject.format(year=year), body=question.format(year=year) + f"联系电话：138{(n * 7919) % 100000000:08d}",
        consent_publish=consent, now=received, tracking_code=code,
        password_hash=_password_hash(),
    )


def _answer(letter, topic, year, officer, reviewer, publish: bool):
    cal = get_calendar()
    answer = topic[3].format(year=year)
    drafted = _aware(cal.add_workdays(letter.received_on, 2), 10)
    reviewed = _aware(cal.add_workdays(letter.received_on, 3), 15)
    sent_on = cal.add_workdays(letter.received_on, 4)
    reply = actions.save_reply_draft(officer, letter, answer, now=drafted)
    actions.review_reply(reviewer, reply, True, "同意答复", now=reviewed)
    actions.send_reply(officer, reply, now=_aware(sent_on, 16))
    if publish:
        letter.refresh_from_db()
        actions.publish_letter(
            reviewer, letter, public_subject=letter.subject,
            public_question=topic[2].format(year=year), public_answer=answer,
            today=cal.add_workdays(sent_on, 1),
        )


def _seed_year_letters(agency, officer, reviewer) -> int:
    """44 letters received in 2020, spread over the year, all answered and published."""
    cal = get_calendar()
    made = 0
    for n in range(1, SEED_LETTERS + 1):
        # about one letter a week: 2 January to mid-December
        day = cal.next_workday(dt.date(SEED_YEAR, 1, 2) + dt.timedelta(days=8 * (n - 1)))
        code = _code(agency.slug, SEED_YEAR, n)
        if not MailboxLetter.objects.filter(tracking_code=code).exists():
            topic = STATS_TOPICS[(n - 1) % len(STATS_TOPICS)]
            letter = _letter(agency, code, n, topic, SEED_YEAR, _aware(day, 9 + n % 8), consent=True)
            _answer(letter, topic, SEED_YEAR, officer, reviewer, publish=True)
            made += 1
    return made


def _current_letters(agency, officer, reviewer, today: dt.date) -> int:
    """This year: a few answered and published, one answered unpublished, one reviewed, open ones due soon/overdue."""
    cal = get_calendar()
    year = today.year
    made = 0
    plan = [  # (n, working days before today, what happens)
        (1, 40, "published"), (2, 30, "published"), (3, 22, "answered"), (4, 14, "overdue"),
        (5, 8, "reviewed"), (6, 3, "open"), (7, 1, "open"),
    ]
    for n, back, what in plan:
        code = _code(agency.slug, year, n)
        if MailboxLetter.objects.filter(tracking_code=code).exists():
            continue
        received = today
        for _ in range(back):
            received -= dt.timedelta(days=1)
            while not cal.is_workday(received):
                received -= dt.timedelta(days=1)
        topic = STATS_TOPICS[(n * 5) % len(STATS_TOPICS)]
        letter = _letter(agency, code, 100 + n, topic, year, _aware(received, 10), consent=what != "answered")
        if officer is None or reviewer is None or what in ("open", "overdue"):
            made += 1
            continue
        if what == "reviewed":
            reply = actions.save_reply_draft(officer, letter, topic[3].format(year=year))
            actions.review_reply(reviewer, reply, True, "同意")
        else:
            _answer(letter, topic, year, officer, reviewer, publish=what == "published")
        made += 1
    return made


def _survey(agency, user, key, title, description, opens_on, closes_on, questions, responses, publish):
    if Survey.objects.filter(demo_key=key).exists():
        return False
    survey = actions.create_survey(user, agency, title=title, description=description, opens_on=opens_on,
                                   closes_on=closes_on, demo_key=key)
    for text, kind, options in questions:
        actions.add_question(user, survey, text=text, kind=kind, options=options)
    actions.open_survey(user, survey, now=_aware(opens_on, 9))
    survey.refresh_from_db()
    qs = list(survey.questions.prefetch_related("options"))
    for i, picks in enumerate(responses):
        answers = {}
        for q, pick in zip(qs, picks, strict=True):
            opts = list(q.options.all())
            answers[q.id] = [opts[p].id for p in (pick if isinstance(pick, tuple) else (pick,))]
        when = _aware(min(opens_on + dt.timedelta(days=i % 20), closes_on), 11)
        actions.submit_response(actions.PUBLIC_ACTOR, survey, f"demo-{key}-{i}", answers, now=when)
    if publish:
        actions.close_survey(user, survey, now=_aware(closes_on, 18))
        actions.publish_results(user, survey, today=closes_on + dt.timedelta(days=3))
    return True


SATISFACTION = ("您对本局统计信息公开工作是否满意？", QuestionKind.SINGLE, ["满意", "基本满意", "不满意", "不了解"])
CHANNELS = ("您通常通过哪些渠道获取统计信息？", QuestionKind.MULTIPLE,
            ["政府网站", "政务微信", "政务微博", "报刊广播电视", "其他"])
NEEDS = ("您最关注哪类统计数据？", QuestionKind.SINGLE, ["经济运行", "居民收入与消费", "人口与就业", "农业农村"])


def _responses(n: int, salt: int) -> list[tuple]:
    out = []
    for i in range(n):
        a = (i * 7 + salt) % 10
        satisfaction = 0 if a < 6 else 1 if a < 9 else 2
        channels = tuple(sorted({0, (i + salt) % 5} if i % 3 else {(i + salt) % 5}))
        out.append((satisfaction, channels, (i * 3 + salt) % 4))
    return out


def load(stdout=None) -> None:
    agencies = {a.slug: a for a in Agency.objects.all()}
    seed = agencies.get(SEED_SLUG)
    officer = User.objects.filter(username="officer").first()
    reviewer = User.objects.filter(username="reviewer").first()
    today = timezone.localdate()
    made = 0
    if seed is not None and officer is not None and reviewer is not None:
        made += _seed_year_letters(seed, officer, reviewer)
        made += _current_letters(seed, officer, reviewer, today)
        _survey(seed, officer, "tjj-2020", "2020年统计信息公开满意度网上调查",
                "为进一步做好统计信息公开工作，现开展网上调查，欢迎参与。",
                dt.date(2020, 9, 1), dt.date(2020, 9, 30), [SATISFACTION, CHANNELS, NEEDS], _responses(37, 1), True)
        _survey(seed, officer, f"tjj-{today.year}", f"{today.year}年统计数据发布需求网上调查",
                "请告诉我们您最需要的统计数据和获取方式。",
                today - dt.timedelta(days=10), today + dt.timedelta(days=20), [NEEDS, CHANNELS],
                [(r[2], r[1]) for r in _responses(12, 3)], False)
    for slug in ("luzhou-sthjj", "luzhou-rsj", "jiangyang-jyj"):
        agency = agencies.get(slug)
        if agency is not None:
            made += _current_letters(agency, None, None, today)
    if stdout is not None:
        count = MailboxLetter.objects.filter(tracking_code__startswith="DM").count()
        sample = _code(SEED_SLUG, SEED_YEAR, 1)
        stdout.write(f"领导信箱：新增演示来信 {made} 封（共 {count} 封）；"
                     f"示例查询码 {sample}，查询密码 {DEMO_QUERY_PASSWORD}")
