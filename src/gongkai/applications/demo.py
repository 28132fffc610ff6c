"""Demo applications (idempotent): a realistic year of cases for the demo agencies, and for 泸州市统计局
exactly the 2020 figures of its published report (one application from a natural person, received in
2020, answered 本机关不掌握相关政府信息; no appeals).

Every demo case carries a fixed submit token ("demo:<agency>:<n>"), so a second run adds nothing.
Everything is written through actions, one journal event per step as in real use: cases through
`applications.actions` (as the agency's demo officer and reviewer), and a demo account missing for an
agency through the journaled envelope (one "agency.role_granted" event per account). No bulk path.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.applications import actions
from gongkai.applications.deadlines import today
from gongkai.applications.models import Application
from gongkai.journal.actors import SYSTEM
from gongkai.journal.envelope import create
from gongkai.rules import idcard
from gongkai.workcalendar.service import get_calendar

SEED_AGENCY = "luzhou-tjj"
DEMO_PASSWORD = "Yanshi-Zhanghao-2026"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "平"]
COMPANIES = ["泸州某某酒业有限公司", "四川某某建设工程有限公司", "泸州某某物流有限公司", "某某科技有限公司"]
ORGS = {
    "research": "某某大学公共管理学院", "public_interest": "某某环保公益服务中心",
    "legal_services": "四川某某律师事务所", "other": "某某村民委员会",
}
TOPICS = {
    "luzhou-tjj": ["2025年泸州市国民经济和社会发展统计公报原始数据", "第五次全国经济普查泸州市主要数据", "2026年上半年居民人均可支配收入",
                   "全市规模以上工业企业名录", "江阳区2025年人口抽样调查数据"],
    "luzhou-sthjj": ["长江泸州段2025年水质监测数据", "某化工企业环评批复文件", "2026年空气质量月报原始数据",
                     "某项目环境影响报告书全本", "某企业行政处罚决定书"],
    "luzhou-rsj": ["2026年事业单位公开招聘成绩", "企业职工养老金调整文件", "某公司工伤认定决定书",
                   "2025年就业补助资金使用情况", "职称评审结果名单"],
    "luzhou": ["泸州市2026年重点项目名单", "城区某地块征收补偿方案", "市政府常务会议纪要", "某道路拓宽工程批复"],
    "jiangyang": ["某社区旧城改造征收决定", "江阳区2026年财政预算执行情况", "某村集体土地征收批文"],
    "jiangyang-jyj": ["2026年秋季学区划分方案", "某学校食堂承包合同", "教师招聘面试成绩", "民办学校年检结果"],
}
# outcome, weight (a plausible mix: most answered, a few refused or unavailable)
OUTCOME_MIX = [("already_public", 18), ("disclosed", 22), ("partial", 8), ("third_party", 3), ("process_info", 3),
               ("internal_affairs", 2), ("administrative_query", 2), ("not_held", 14), ("not_responsible", 6),
               ("needs_creation", 3), ("petition", 3), ("repeated", 2), ("publication", 1), ("confirm_reissue", 1)]


def _grant(agency: Agency, username: str, full_name: str, role: str) -> User:
    """A demo account holding `role` at `agency` (created when missing), journaled as SYSTEM."""

    def build() -> Membership:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=full_name)
            user.set_password(DEMO_PASSWORD)
            user.save()
        return Membership.objects.create(user=user, agency=agency, role=role)

    if Membership.objects.filter(user__username=username, agency=agency, role=role).exists():
        return User.objects.get(username=username)
    membership = create(SYSTEM, agency, "agency.role_granted", build, roles=(),
                        note=f"演示数据：{full_name}（{Role(role).label}）")
    return membership.user


def _actor(agency: Agency) -> User:
    """The agency's 公开专员 (an officer handles the cases; the reviewer and the 分管领导 approve)."""
    m = (Membership.objects.filter(agency=agency, role=Role.OFFICER, user__is_active=True)
         .select_related("user").order_by("user_id").first())
    if m is not None:
        return m.user
    return _grant(agency, f"{agency.slug}-officer", f"{agency.short_name or agency.name}公开专员", Role.OFFICER)


def _reviewer(agency: Agency, officer: User) -> User:
    m = Membership.objects.filter(agency=agency, role__in=actions.APPROVE_ROLES).exclude(user=officer).first()
    if m is not None:
        return m.user
    return _grant(agency, f"{agency.slug}-leader", f"{agency.short_name or agency.name}分管领导", Role.LEADER)


def _applicant(rng: random.Random, n: int) -> dict:
    kind = rng.choices(["natural_person", "business", "research", "public_interest", "legal_services", "other"],
                       weights=[70, 12, 5, 4, 6, 3])[0]
    phone = f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
    if kind == "natural_person":
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 20000))
        head = f"5105{rng.randint(2, 25):02d}{birth:%Y%m%d}{rng.randint(100, 999)}"
        rng.choice("0123456789X")  # drawn as before (keeps the demo's random stream); the check digit is computed
        idn = head + idcard.check_char(head)
        return {"applicant_type": kind, "applicant_name": name, "id_type": "id_card", "id_number": idn,
                "phone": phone, "email": f"demo{n}@example.com", "address": "四川省泸州市江阳区"}
    name = rng.choice(COMPANIES) if kind == "business" else ORGS[kind]
    code = "9151050" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(11))
    return {"applicant_type": kind, "applicant_name": name, "credit_code": code, "contact_person": "联系人",
            "phone": phone, "email": f"org{n}@example.com", "address": "四川省泸州市龙马潭区"}


def _take(officer: User, app: Application) -> None:
    """Accept a case and make the officer its 承办人, as an agency's 公开专员 does."""
    actions.accept(officer, app)
    actions.assign(officer, app, officer)


def _case(agency: Agency, officer: User, reviewer: User, rng: random.Random, n: int, received: dt.date,
          now: dt.date, keep_open: bool = False) -> None:
    token = f"demo:{agency.slug}:{n}"
    if Application.objects.filter(submit_token=token).exists():
        return
    cal = get_calendar()
    data = _applicant(rng, n)
    data.update({"info_name": rng.choice(TOPICS.get(agency.slug, ["有关政府信息"])), "provision_form": "electronic",
                 "delivery_method": "email"})
    data["info_description"] = f"申请公开{data['info_name']}。"
    channel = rng.choices(["online", "in_person", "registered_post", "email", "oral"], weights=[55, 20, 15, 8, 2])[0]
    confirm = cal.add_workdays(received, 1) if channel in ("online", "email") else None
    if confirm is not None and confirm > now:
        confirm = None  # not confirmed yet (registration refuses a confirmation after today): it waits for it
    arrival = received
    app, _ = actions.register(officer, agency, data, channel=channel, arrival=arrival, confirmed=confirm,
                              token=token)
    r = app.receipt_date
    if r is None:
        return
    wd = lambda k: cal.add_workdays(r, k)  # noqa: E731
    if keep_open:
        if app.state == "review":
            _take(officer, app)
        return
    step = rng.random()
    reply_after = rng.randint(4, 18)
    if step < 0.1 and wd(2) <= now:
        actions.request_correction(officer, app, "请明确所需信息的年份和具体名称。", wd(2) + dt.timedelta(days=10), on=wd(2))
        answered = wd(4)
        if answered > now:
            return
        if rng.random() < 0.2:
            if wd(2) + dt.timedelta(days=11) <= now:
                actions.lapse_correction(officer, app, on=wd(2) + dt.timedelta(days=11))
            return
        actions.answer_correction(officer, app, f"所需信息为{data['info_name']}（{r.year - 1}年度）。", on=answered)
        r = answered
    elif step < 0.18 and wd(3) <= now:
        _take(officer, app)
        actions.start_consultation(officer, app, "third_party", "相关企业", on=wd(3))
        if wd(10) > now:
            return
        actions.end_consultation(officer, app, "第三方书面回复同意公开。", on=wd(10))
        reply_after = rng.randint(13, 20) + 7
    elif step < 0.24 and wd(15) <= now:
        _take(officer, app)
        actions.request_extension(officer, app, 15, "申请内容涉及多个科室，需要汇总核实。")
        actions.approve_extension(reviewer, app, on=wd(15))
        reply_after = rng.randint(21, 33)
    elif step < 0.27 and wd(3) <= now:
        _take(officer, app)
        actions.issue_fee_notice(officer, app, "by_volume", pages=rng.choice([45, 60, 120]), on=wd(3))
        if wd(8) > now:
            return
        app.refresh_from_db()
        actions.record_fee_payment(officer, app, app.fee_amount, on=wd(8))
        reply_after = 12 + 5
    elif step < 0.29:
        if wd(2) <= now:
            actions.withdraw(officer, app, "申请人来电撤回", on=wd(2))
        return
    closing = cal.add_workdays(r, reply_after)
    if closing >= now:
        return  # still open: part of the queue (some due soon, some later)
    outcome = rng.choices([o for o, _ in OUTCOME_MIX], weights=[w for _, w in OUTCOME_MIX])[0]
    app.refresh_from_db()
    if app.state == "review":
        _take(officer, app)
    if outcome == "not_responsible":
        if actions.signoff_required(app, outcome):
            actions.submit_reply_for_signoff(officer, app, outcome)
            actions.sign_off_reply(reviewer, app)
        actions.transfer(officer, app, to_name="泸州市市场监督管理局", contact="0830-0000000", on=closing)
    else:
        _reply(officer, reviewer, app, outcome, closing)
    if closing + dt.timedelta(days=2) < now:
        actions.deliver(officer, app, "email", on=closing + dt.timedelta(days=1))
        if rng.random() < 0.7:
            actions.archive(officer, app, on=closing + dt.timedelta(days=2))


def _reply(officer: User, reviewer: User, app: Application, outcome: str, on: dt.date) -> None:
    """The officer replies; a reply that refuses or partly refuses goes to the reviewer for sign-off first."""
    if actions.signoff_required(app, outcome):
        actions.submit_reply_for_signoff(officer, app, outcome)
        actions.sign_off_reply(reviewer, app)
    actions.reply(officer, app, outcome, on=on)


def _seed_2020(agency: Agency, officer: User, reviewer: User) -> None:
    """The 2020 figures of the seed report: one natural person, answered 本机关不掌握相关政府信息."""
    token = f"demo:{agency.slug}:seed-2020"
    if Application.objects.filter(submit_token=token).exists():
        return
    data = {"applicant_type": "natural_person", "applicant_name": "刘某", "id_type": "id_card",
            "id_number": "510502198505050027", "phone": "13900000000", "address": "四川省泸州市江阳区",
            "info_name": "某企业2019年统计调查原始资料", "info_description": "申请公开某企业2019年报送的统计调查原始资料。",
            "provision_form": "paper", "delivery_method": "post"}
    app, _ = actions.register(officer, agency, data, channel="in_person", arrival=dt.date(2020, 9, 14),
                              token=token)
    actions.accept(officer, app)
    _reply(officer, reviewer, app, "not_held", dt.date(2020, 9, 28))
    actions.deliver(officer, app, "post", on=dt.date(2020, 9, 29))
    actions.archive(officer, app, on=dt.date(2020, 10, 9))


def _appeals(agency: Agency, officer: User, now: dt.date) -> None:
    from gongkai.appeals import actions as appeal_actions
    from gongkai.appeals.models import Appeal

    if Appeal.objects.filter(agency=agency, case_no__startswith="演示").exists():
        return
    app = Application.objects.filter(agency=agency, outcome="not_held", closed_on__year=now.year).first()
    appeal_actions.create(officer, agency, {"kind": "reconsideration", "application": app, "case_no": "演示复议〔2026〕3号",
                                            "appellant": app.applicant_name if app else "", "body": "泸州市人民政府",
                                            "filed_on": dt.date(now.year, 4, 20), "result": "upheld",
                                            "closed_on": dt.date(now.year, 6, 18)})
    appeal_actions.create(officer, agency, {"kind": "lawsuit_direct", "case_no": "演示（2026）川0502行初12号",
                                            "body": "泸州市江阳区人民法院", "filed_on": dt.date(now.year, 8, 3),
                                            "result": "pending"})


def load(stdout=None, only: list[str] | None = None) -> None:
    now = today()
    year = now.year
    agencies = Agency.objects.filter(slug__in=only or list(TOPICS)).order_by("path")
    created_before = Application.objects.filter(submit_token__startswith="demo:").count()
    with actions.quiet(), transaction.atomic():
        for agency in agencies:
            officer = _actor(agency)
            reviewer = _reviewer(agency, officer)
            rng = random.Random(f"gongkai-demo-{agency.slug}")
            if agency.slug == SEED_AGENCY:
                _seed_2020(agency, officer, reviewer)
            count = rng.randint(18, 36)
            for n in range(count):
                # a year of cases: received from the start of last December up to today
                start = dt.date(year - 1, 12, 1)
                received = start + dt.timedelta(days=rng.randint(0, (now - start).days))
                received = get_calendar().next_workday(received)
                if received > now:
                    continue
                _case(agency, officer, reviewer, rng, n, received, now)
            # recent cases still open: due in a few weeks, due within 3 working days, overdue
            for k, back in enumerate((2, 9, 18, 19, 22)):
                received = get_calendar().add_workdays(now, 0)
                for _ in range(back):
                    received = received - dt.timedelta(days=1)
                    while not get_calendar().is_workday(received):
                        received -= dt.timedelta(days=1)
                _case(agency, officer, reviewer, rng, 100 + k, received, now, keep_open=True)
            if agency.slug in ("luzhou-sthjj", "luzhou"):
                _appeals(agency, officer, now)
    made = Application.objects.filter(submit_token__startswith="demo:").count() - created_before
    if stdout is not None:
        stdout.write(f"依申请公开演示数据：新增 {made} 件申请。")
