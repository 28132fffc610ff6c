"""Acceptance: with `gongkai demo` data, `gongkai report build --agency 泸州市统计局 --year 2020`
reproduces the seed report's tables 2–4 exactly, and section 一 states 1623 / 1369 / 191 (62 + 129) /
63 with the shares rounded half-up (84.35%, 11.77%, 3.88% — the seed printed truncated 84.34%, 11.76%)."""

import json

import pytest
from django.core.management import call_command

from gongkai.reports.models import AnnualReport, ManualFigure, State

from .helpers import seed_expected


@pytest.fixture
def demo(db, demo_data):
    """The demo data (loaded once per session: tests/demo_snapshot.py)."""


def test_seed_reproduced_by_the_cli(demo, shared_dir, tmp_path):
    expected = seed_expected(shared_dir)
    call_command("report", "build", "--agency", "泸州市统计局", "--year", "2020", "--out", str(tmp_path),
                 stdout=open("/dev/null", "w"))
    got = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert got["format"] == expected["format"] == "2019"
    assert got["agency"] == expected["agency"] and got["year"] == expected["year"]
    assert got["table2"] == expected["table2"]
    assert got["table3"] == expected["table3"]
    assert got["table4"] == expected["table4"]
    assert [f for f in got["findings"] if f["severity"] == "error"] == []
    one = got["sections"]["一"]
    for phrase in (
        "累计主动公开政府信息1623条",
        "政府网站公开信息1369条，占比84.35%",
        "政务新媒体公开信息191条，占比11.77%",
        "其中政务微信公开信息62条，政务微博公开信息129条",
        "传统公开载体公开信息63条，占比3.88%",
        "新收政府信息公开申请1件",
        "无法提供1件、占比100%",
    ):
        assert phrase in one, phrase
    assert "84.34%" not in one and "11.76%" not in one
    # the demo's own report: published on the portal with the seed's figures, and demo stays idempotent
    report = AnnualReport.objects.get(agency__slug="luzhou-tjj", year=2020, is_rollup=False)
    assert report.state == State.PUBLISHED and report.errors == []
    assert report.report_data.table2 == seed_expected(shared_dir)["table2"]
    assert ManualFigure.objects.filter(agency=report.agency, year=2020).count() == 16  # every hand-entered cell
    assert "存在问题" in report.report_data.sections["五"]
    # published when the seed page says it was (2021-01-25 14:27:29), before the 31 January deadline
    from zoneinfo import ZoneInfo

    from gongkai.reports.government import member_statuses

    published = report.published_at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert published.strftime("%Y-%m-%d %H:%M:%S") == "2021-01-25 14:27:29"
    assert report.first_published_at == report.published_at and not report.published_late
    city = AnnualReport.objects.get(agency__slug="luzhou", year=2020, is_rollup=True)
    assert city.members.filter(slug="luzhou-tjj").exists()
    status = next(s for s in member_statuses(city) if s.agency == report.agency)
    assert status.published and not status.late  # the roll-up does not mark it 逾期
    assert city.report_data.t3("new")[6] >= report.report_data.t3("new")[6]
    call_command("demo", stdout=open("/dev/null", "w"))  # idempotent
    assert AnnualReport.objects.filter(agency=report.agency, year=2020).count() == 1
