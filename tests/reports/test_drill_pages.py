"""Drill-down lists show every record the figure counts — page by page and in one XLSX — where they
used to stop at 500."""

import io
import re

from django.urls import reverse
from openpyxl import load_workbook

from gongkai.reports import drilldown
from gongkai.reports.drilldown import Chain, drill
from gongkai.reports.models import AnnualReport


def test_chain_slices_across_querysets(year_2021, make_user):
    staff = make_user(year_2021, "officer")
    report = AnnualReport.objects.create(agency=year_2021, year=2021, format="2021")
    wechat = drill(report, "ov", "wechat", 0, user=staff)  # one publication + one monthly tally row
    chain = Chain(wechat.querysets)
    everything = list(chain)
    assert len(chain) == 2 == len(everything)
    assert [str(r) for r in chain[0:1] + chain[1:2]] == [str(r) for r in everything]
    assert chain[1:5] == everything[1:]


def test_every_record_is_reachable_by_page_and_in_the_export(year_2021, make_user, client, monkeypatch):
    staff = make_user(year_2021, "officer")
    report = AnnualReport.objects.create(agency=year_2021, year=2021, format="2021")
    monkeypatch.setattr(drilldown, "PAGE_SIZE", 3)
    client.force_login(staff)
    url = reverse("reports:drill", args=[report.pk, "ov", "website", 0])
    total = drill(report, "ov", "website", 0, user=staff).count
    assert total == 7
    seen, numbers = [], []
    for n in (1, 2, 3):
        html = client.get(url, {"page": n}).content.decode()
        rows = re.findall(r"<tr><td>(\d+)</td><td>(?:<a [^>]+>)?([^<]+)", html)
        numbers += [int(i) for i, _ in rows]
        seen += [text for _, text in rows]
        assert f"第 {n} / 3 页" in html
    assert numbers == list(range(1, 8)) and len(seen) == 7
    assert "导出全部 7 条" in html
    resp = client.get(reverse("reports:drill_export", args=[report.pk, "ov", "website", 0]))
    assert resp.status_code == 200
    ws = load_workbook(io.BytesIO(resp.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "类型", "记录") and len(rows) == 1 + 7
    assert [r[0] for r in rows[1:]] == list(range(1, 8))


def test_export_of_another_agencys_report_is_refused(year_2021, make_user, client, agency_tree):
    report = AnnualReport.objects.create(agency=year_2021, year=2021, format="2021")
    client.force_login(make_user(agency_tree["other"], "officer"))
    resp = client.get(reverse("reports:drill_export", args=[report.pk, "ov", "website", 0]))
    assert resp.status_code in (403, 404)
