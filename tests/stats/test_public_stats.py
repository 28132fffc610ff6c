"""The portal's 数据开放 page (/data/): figures equal the annual report's, and nothing personal leaks."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.interactions.models import MailboxLetter
from gongkai.reports.models import AnnualReport, State

ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def _report_t3(report, key):
    return report.report_data.t3(key)


@pytest.mark.django_db
def test_luzhou_statistics_bureau_2020_equals_its_annual_report_table_3(client, demo):
    report = AnnualReport.objects.get(agency__slug="luzhou-tjj", year=2020, is_rollup=False, state=State.PUBLISHED)
    spec = report.report_data.spec
    data = json.loads(client.get(reverse("stats_public:download", args=[2020, "json"])).content)
    mine = next(a for a in data["agencies"] if a["agency"] == "泸州市统计局")
    by_label = mine["table3"]
    from gongkai.rules.formats import FORMAT_2021

    by_key = {row.key: by_label[row.label] for row in FORMAT_2021.table3_rows}
    compared = 0
    for row in spec.table3_rows:
        if row.key == "r6":  # the 2019 format's single （六） row: the 2021 rows （六）1–3 together
            got = [sum(by_key[k][i] for k in ("r6_1", "r6_2", "r6_3")) for i in range(7)]
        else:
            got = by_key[row.key]
        assert got == _report_t3(report, row.key), row.label
        compared += 1
    assert compared == len(spec.table3_rows) == 23  # every row of the 2019 format's table 3
    assert mine["received"] == _report_t3(report, "new")[6] and mine["received"] > 0
    assert mine["answered"] == _report_t3(report, "total")[6]
    print(f"\n泸州市统计局 2020: {compared} table-3 rows equal the published report's; received {mine['received']}, "
          f"answered {mine['answered']}, outcome （四）1 {by_key['r4_1'][6]}")
    # the page shows the same table
    html = client.get(reverse("stats_public:agency", args=["luzhou-tjj"]), {"year": 2020}).content.decode()
    new_row = re.search(r'<tr data-row="new">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", new_row) == [str(v) for v in _report_t3(report, "new")]


def _personal_strings() -> set[str]:
    values: set[str] = set()
    fields = ("applicant_name", "id_number", "phone", "email", "address", "contact_person", "credit_code",
              "legal_representative")
    for row in Application.objects.values_list(*fields):
        values.update(v for v in row if v)
    for row in MailboxLetter.objects.values_list("writer_name", "phone", "email"):
        values.update(v for v in row if v)
    agency_names = " ".join(Agency.objects.values_list("name", flat=True))
    # a value that is part of an agency's name (an organisation applying as itself) is not personal here
    return {v for v in values if len(v) >= 2 and v not in agency_names}


@pytest.mark.django_db
def test_no_name_phone_or_id_number_on_the_page_or_in_the_downloads(client, demo):
    personal = _personal_strings()
    assert len(personal) >= 5, "the demo has applicants and letter writers with names and phones"
    years = sorted({d.year for d in Application.objects.exclude(receipt_date=None).values_list("receipt_date", flat=True)})
    assert 2020 in years
    bodies = []
    for year in years:
        bodies.append(client.get(reverse("stats_public:index"), {"year": year}).content.decode())
        for ext in ("csv", "json"):
            bodies.append(client.get(reverse("stats_public:download", args=[year, ext])).content.decode("utf-8-sig"))
        for slug in Agency.objects.values_list("slug", flat=True):
            bodies.append(client.get(reverse("stats_public:agency", args=[slug]), {"year": year}).content.decode())
    assert len(bodies) >= 3 * len(years)
    for body in bodies:
        assert not ID_NUMBER.search(body) and not MOBILE.search(body)
        leaked = [v for v in personal if v in body]
        assert not leaked, leaked[:5]
    print(f"\n{len(bodies)} pages and downloads ({len(years)} years × every agency), "
          f"{len(personal)} personal values checked: 0 found")


@pytest.mark.django_db
def test_csv_has_a_row_per_agency_with_the_json_figures(client, demo):
    data = json.loads(client.get(reverse("stats_public:download", args=[2020, "json"])).content)
    text = client.get(reverse("stats_public:download", args=[2020, "csv"])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["机关", "年度", "新收申请"]
    assert len(rows) - 1 == len(data["agencies"]) == Agency.objects.count()
    by_name = {r[0]: r for r in rows[1:]}
    for agency in data["agencies"]:
        assert by_name[agency["agency"]][2] == str(agency["received"])


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["20x0", "1999", "２０２０"])
def test_a_bad_year_gets_a_chinese_message(client, year):
    resp = client.get(reverse("stats_public:index"), {"year": year})
    assert resp.status_code == 400 and "年度" in resp.content.decode() and "不正确" in resp.content.decode()


@pytest.mark.django_db
def test_download_of_an_unknown_format_or_year_is_404(client):
    assert client.get(reverse("stats_public:download", args=[2020, "xml"])).status_code == 404
    assert client.get(reverse("stats_public:download", args=[1990, "csv"])).status_code == 404
