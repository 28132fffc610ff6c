"""Accessibility of the portal (GB/T 37668-2019, WCAG 2.1 AA): axe-core, from the axe-playwright-python
package (no CDN), runs in Debian's Chromium over every portal page type on the demo data; no page may
have a critical or a serious violation. The counts per page and impact are printed (pytest -s)."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe

BLOCKING = ("critical", "serious")
# forms also checked after an empty submission (the error messages and their association with the fields)
SUBMITTED_EMPTY = ("申请表", "申请进度查询", "写信", "来信查询", "网上调查", "工作日计算器")
SUBMIT = """() => {
  // the page's own form: the one with the most fields (not the header's search box)
  const form = [...document.querySelectorAll('form')]
      .sort((a, b) => b.querySelectorAll('input, textarea, select').length
                      - a.querySelectorAll('input, textarea, select').length)[0];
  if (!form || !form.querySelector('[type=submit]')) return false;
  form.noValidate = true;
  form.querySelectorAll('input[type=text], input[type=date], input[type=number], textarea')
      .forEach(i => { i.value = ''; });
  setTimeout(() => form.querySelector('[type=submit]').click(), 0);
  return true;
}"""


def portal_pages() -> list[tuple[str, str]]:
    """(page type, URL) for every page type of the portal, on the demo data."""
    from gongkai.disclosures.models import DisclosureItem
    from gongkai.interactions.models import MailboxLetter, Survey, SurveyStatus
    from gongkai.reports.models import AnnualReport, State

    item = DisclosureItem.objects.counted().filter(published_on__isnull=False).select_related("agency") \
        .order_by("-published_on", "id").first()
    slug = item.agency.slug
    pages = [
        ("首页", "/"),
        ("公开目录（全部机关）", "/open/"),
        ("机关公开页", f"/open/{slug}/"),
        ("信息列表", f"/open/{slug}/items/"),
        ("信息页", f"/open/{slug}/items/{item.pk}/"),
        ("检索结果", "/open/search/?q=" + "统计"),
        ("公开指南", f"/open/{slug}/guide/"),
        ("申请表", "/apply/"),
        ("申请进度查询", "/apply/status/"),
        ("领导信箱", "/mailbox/"),
        ("写信", f"/mailbox/write/{slug}/"),
        ("来信查询", "/mailbox/query/"),
        ("公开来信", "/mailbox/qa/"),
        ("网上调查列表", "/mailbox/surveys/"),
        ("年度报告列表", "/annual-reports/"),
        ("数据开放", "/data/"),
        ("机关统计", f"/data/agency/{slug}/"),
        ("工作日计算器", "/workdays/"),
        ("工作日计算结果", f"/workdays/?start={dt.date(2026, 9, 28).isoformat()}&days=20"),
        ("错误页（404）", "/open/no-such-page/"),
    ]
    letter = MailboxLetter.objects.filter(published_on__isnull=False).order_by("id").first()
    if letter:
        pages.append(("公开来信详情", f"/mailbox/qa/{letter.pk}/"))
    survey = Survey.objects.filter(status=SurveyStatus.OPEN).order_by("id").first()
    if survey:
        pages.append(("网上调查", f"/mailbox/surveys/{survey.pk}/"))
    survey = Survey.objects.exclude(status=SurveyStatus.DRAFT).order_by("id").first()
    if survey:
        pages.append(("调查结果", f"/mailbox/surveys/{survey.pk}/results/"))
    report = AnnualReport.objects.filter(state=State.PUBLISHED).order_by("id").first()
    if report:
        pages.append(("年度报告", f"/annual-reports/{report.pk}/"))
    return pages


def violations_by_impact(page) -> tuple[dict[str, int], list[str]]:
    results = Axe().run(page, options={"resultTypes": ["violations"],
                                       "runOnly": {"type": "tag",
                                                   "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                              "best-practice"]}})
    assert results.response["passes"], "axe-core 没有运行任何检查"  # the engine really ran on the page
    counts: dict[str, int] = {}
    details = []
    for v in results.response["violations"]:
        counts[v["impact"]] = counts.get(v["impact"], 0) + len(v["nodes"])
        if v["impact"] in BLOCKING:
            targets = "; ".join(str(n["target"]) for n in v["nodes"][:3])
            details.append(f'{v["impact"]} {v["id"]} ×{len(v["nodes"])}: {targets}')
    return counts, details


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_portal_page_type_has_no_critical_or_serious_violation(page, demo_data):
    failures, summary = [], []

    def check(name: str, url: str) -> None:
        counts, details = violations_by_impact(page)
        summary.append(f"{name:<14} {url:<42} " + (", ".join(f"{k} {n}" for k, n in sorted(counts.items()))
                                                  or "0"))
        if details:
            failures.append(f"{name} {url}: " + " | ".join(details))

    for name, url in portal_pages():
        page.goto(url)
        page.wait_for_load_state("load")
        check(name, url)
        if name in SUBMITTED_EMPTY:
            with page.expect_navigation():
                assert page.evaluate(SUBMIT), f"{name} {url}: 没有可提交的表单"
            page.wait_for_load_state("load")
            check(name + "（空提交）", url)
    print("\naxe-core violations (nodes) per page:\n" + "\n".join(summary))
    assert not failures, "\n".join(failures)
