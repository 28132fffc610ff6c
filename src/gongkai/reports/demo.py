"""Demo data of the annual report (idempotent): the hand-entered table-2 figures of 泸州市统计局 for
2020 (from the seed report: 行政处罚 上一年项目数量 3; 政府集中采购 2 项 67 万元; the rest 0), its
2020 report with the seed's own paragraphs — computed from the ledgers, checked, reviewed and
published when it has no error, at the time the seed page states ("发布时间:2021-01-25 14:27:29",
before the Art. 49 deadline of 31 January: the roll-up lists it as on time) — and the city
government's roll-up as a draft."""

from __future__ import annotations

import datetime as dt
import importlib.util
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from gongkai.agencies.models import Agency
from gongkai.journal.actors import SYSTEM
from gongkai.reports import actions
from gongkai.reports.compute import LEDGER_BLOCK
from gongkai.reports.government import default_members
from gongkai.reports.models import AnnualReport, ManualFigure, State
from gongkai.rules.formats import FORMAT_2019

SEED_AGENCY = "luzhou-tjj"
SEED_YEAR = 2020
SOURCE = "2020年度行政执法和政府采购台账（据泸州市统计局2020年年度报告）"
SEED_FIGURES = {("penalty", "previous"): 3, ("procurement", "count"): 2, ("procurement", "amount"): 67}
# when the seed report went on the bureau's portal (its page: "发布时间:2021-01-25 14:27:29", Beijing time)
SEED_PUBLISHED_AT = dt.datetime(2021, 1, 25, 14, 27, 29, tzinfo=ZoneInfo("Asia/Shanghai"))

SEED_TEXTS = {
    "一": (
        "2020年，泸州市统计局认真贯彻政府信息公开有关要求，扎实抓好《中华人民共和国政府信息公开条例》"
        "（国务院令第711号修订）的学习贯彻，着力深化统计工作重点领域信息公开，加大统计政策解读回应，"
        "不断提升政务公开工作质量，为服务全市疫情防控和经济恢复发展提供统计支撑。"
    ),
    "一续": (
        "（六）政府信息管理情况。2020年，通过全国公共资源交易平台（四川省·泸州市），发布工程建设项目招投标、"
        "政府采购交易等各类公共资源交易信息，每季度向政务信息共享交换平台推送名录库共享数据。\n"
        "（七）监督保障情况。建立政府信息公开工作内部考核制度，定期对信息公开工作进行督促并纳入年终考核，"
        "明确1名分管领导分管政府信息公开工作，1名专职人员和2名兼职人员负责具体工作。"
    ),
    "五": (
        "存在问题：一是由于统计数据集中发布等原因，网站信息更新不均衡，时多时少；二是官方微博、微信公众号"
        "发布统计工作较多，其他政务热点信息偏少。\n"
        "改进情况：一是加强动态监测，及时提醒抓好更新整改；二是在双微内容发布方面增加了乡村振兴、二十四节气"
        "农事调研、地震避灾常识等内容，有效提升公开信息鲜活性。"
    ),
    "六": "本报告的电子版可在泸州市统计局官方网站“政府信息公开”平台“政府信息公开年度报告”栏目获取。",
}


def seed_manual_figures() -> dict[tuple[str, str], int]:
    """Every hand-entered cell of the 2019 format for the seed: its figure, 0 where the seed prints 0."""
    cells = {}
    for block, row in FORMAT_2019.table2_rows:
        if block.key == LEDGER_BLOCK:
            continue
        for col in block.columns:
            cells[(row.key, col.key)] = SEED_FIGURES.get((row.key, col.key), 0)
    return cells


LEDGERS = ("gongkai.applications.reporting", "gongkai.appeals.reporting", "gongkai.disclosures.reporting",
           "gongkai.interactions.reporting")


def load(stdout=None) -> None:
    agency = Agency.objects.filter(slug=SEED_AGENCY).first()
    if agency is None:
        return
    for (row_key, column_key), value in seed_manual_figures().items():
        actions.set_manual_figure(SYSTEM, agency, SEED_YEAR, row_key, column_key, value, SOURCE)
    missing = [m for m in LEDGERS if importlib.util.find_spec(m) is None]
    if missing:  # a ledger app not installed yet: the report waits for it
        if stdout is not None:
            stdout.write(f"年度报告：缺少台账模块 {', '.join(missing)}，暂不生成演示报告。")
        return
    report = AnnualReport.objects.filter(agency=agency, year=SEED_YEAR, format=FORMAT_2019.code).first()
    if report is None:
        report = actions.create_report(SYSTEM, agency, SEED_YEAR)
    if report.state == State.DRAFT:
        if report.texts != SEED_TEXTS:
            report = actions.save_texts(SYSTEM, report, SEED_TEXTS)
        else:
            report = actions.refresh_report(SYSTEM, report)
        if not report.errors:
            report = actions.mark_reviewed(SYSTEM, report)
            try:
                report = actions.publish(SYSTEM, report, at=SEED_PUBLISHED_AT)
            except ValidationError:
                pass
    city = agency.parent
    if city is not None and not AnnualReport.objects.filter(agency=city, year=SEED_YEAR, is_rollup=True).exists():
        actions.create_report(SYSTEM, city, SEED_YEAR, rollup=True, members=default_members(city))
    if stdout is not None:
        n = ManualFigure.objects.filter(agency=agency, year=SEED_YEAR).count()
        stdout.write(f"年度报告：{agency.name}{SEED_YEAR}年报告（{report.get_state_display()}），手工填报数 {n} 项。")
