"""Issue 10 item 3 on the platform: on time (Art. 49) from the portal's publication record, shown on
the report page and the supervisor's list; every published version kept with its SHA-256 and time,
the portal shows the 更正说明 and the earlier versions, and a silent replacement is impossible."""

import datetime as dt
import hashlib
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from gongkai.journal.actors import SYSTEM
from gongkai.journal.models import Event
from gongkai.reports import actions
from gongkai.reports.models import AnnualReport, PublishedFile, PublishedVersion
from gongkai.reports.ontime import LATE, ON_TIME, OVERDUE, PENDING, judge, timeliness

from .helpers import complete

D = dt.date
BEIJING = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hour=10):
    return dt.datetime(y, m, d, hour, 0, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("deadline", "published", "today", "status", "days"),
    [
        (D(2022, 1, 31), D(2022, 1, 31), D(2022, 6, 1), ON_TIME, 0),  # on the last day
        (D(2022, 1, 31), D(2022, 1, 5), D(2022, 1, 6), ON_TIME, 0),
        (D(2022, 1, 31), D(2022, 2, 1), D(2022, 6, 1), LATE, 1),
        (D(2022, 3, 31), D(2022, 4, 10), D(2022, 6, 1), LATE, 10),
        (D(2022, 1, 31), None, D(2022, 1, 31), PENDING, 0),
        (D(2022, 1, 31), None, D(2022, 1, 20), PENDING, 11),
        (D(2022, 1, 31), None, D(2022, 2, 3), OVERDUE, 3),
    ],
)
def test_judge(deadline, published, today, status, days):
    t = judge(deadline, published, today)
    assert (t.status, t.days) == (status, days)
    assert t.label.startswith({ON_TIME: "按期发布", LATE: "逾期发布", OVERDUE: "逾期未发布", PENDING: "未发布"}[status])


@pytest.mark.parametrize(
    ("agency", "published", "status"),
    [
        ("dept", at(2022, 1, 31, 23), ON_TIME),  # a department: by 31 January (Beijing time)
        ("dept", at(2022, 2, 1, 0), LATE),
        ("county", at(2022, 3, 31, 18), ON_TIME),  # a government: by 31 March
        ("county", at(2022, 4, 1), LATE),
    ],
)
def test_on_time_from_the_first_publication(agency_tree, agency, published, status):
    report = complete(actions.create_report(SYSTEM, agency_tree[agency], 2021))
    report = actions.publish(SYSTEM, actions.mark_reviewed(SYSTEM, report), at=published)
    assert report.first_published_at == published and report.published_at == published
    assert timeliness(report, D(2022, 6, 1)).status == status
    assert report.published_late == (status == LATE)
    # a correction published later does not move it (nor does the report become late by it)
    report = actions.reopen(SYSTEM, report, "更正错别字")
    report = actions.publish(SYSTEM, actions.mark_reviewed(SYSTEM, report), correction="更正第五部分错别字。",
                             at=at(2022, 5, 1))
    assert report.first_published_at == published and timeliness(report, D(2022, 6, 1)).status == status


def test_only_the_system_records_a_past_publication_time(year_2021, make_user):
    leader = make_user(year_2021, "leader")
    report = actions.mark_reviewed(SYSTEM, complete(actions.create_report(SYSTEM, year_2021, 2021)))
    with pytest.raises(PermissionDenied):
        actions.publish(leader, report, at=at(2022, 1, 10))
    report = actions.publish(leader, report)
    assert report.published_at > at(2022, 1, 10)


def test_on_time_on_the_report_page_and_the_supervisors_list(agency_tree, make_user, client):
    sup = make_user(agency_tree["city"], "supervisor")
    dept, other = agency_tree["dept"], agency_tree["other"]
    late = complete(actions.create_report(SYSTEM, dept, 2021))
    late = actions.publish(SYSTEM, actions.mark_reviewed(SYSTEM, late), at=at(2022, 2, 3))
    on_time = complete(actions.create_report(SYSTEM, other, 2021))
    on_time = actions.publish(SYSTEM, actions.mark_reviewed(SYSTEM, on_time), at=at(2022, 1, 28))
    draft = actions.create_report(SYSTEM, agency_tree["county_dept"], 2021)  # deadline long passed, not published
    client.force_login(sup)
    listing = client.get(reverse("reports:list")).content.decode()
    by_pk = {}
    for pk, row in re.findall(r'href="/work/reports/(\d+)/">.*?</a></td>(.*?)</tr>', listing, re.S):
        by_pk[int(pk)] = row
    assert "逾期发布（2022-02-03，晚 3 天）" in by_pk[late.pk]
    assert "按期发布（2022-01-28）" in by_pk[on_time.pk]
    assert "逾期未发布（期限 2022-01-31" in by_pk[draft.pk]
    page = client.get(reverse("reports:detail", args=[late.pk])).content.decode()
    assert "逾期发布（2022-02-03，晚 3 天）" in page


def test_republishing_needs_a_correction_and_keeps_every_version(year_2021, make_user, client):
    leader = make_user(year_2021, "leader")
    report = complete(actions.create_report(SYSTEM, year_2021, 2021))
    report = actions.publish(leader, actions.mark_reviewed(SYSTEM, report), at=None)
    v1 = PublishedVersion.objects.get(report=report, version=1)
    v1_json = bytes(PublishedFile.objects.get(report=report, version=1, ext="json").content)
    assert v1.sha256 == hashlib.sha256(v1_json).hexdigest() and v1.published_by == leader.username
    v1_docx = client.get(reverse("reports_public:download", args=[report.pk, "docx"])).content  # rendered, kept

    report = actions.reopen(leader, report, "第五部分需补充")
    report = actions.save_texts(SYSTEM, report, {"五": "补充后的第五部分。"})
    report = actions.mark_reviewed(SYSTEM, report)
    with pytest.raises(ValidationError, match="更正说明"):
        actions.publish(leader, report)  # no silent replacement
    report.refresh_from_db()
    assert report.state == "reviewed" and report.published_version == 1
    report = actions.publish(leader, report, correction="补充了第五部分的改进情况。")
    assert report.published_version == 2
    event = Event.objects.for_object(report).filter(action="report.publish").latest("id")
    assert "更正说明：补充了第五部分的改进情况。" in event.note and "SHA-256" in event.note

    # the portal: the 更正说明, and every version with its files' hashes; the earlier one still downloadable
    page = client.get(reverse("reports_public:detail", args=[report.pk])).content.decode()
    assert "更正说明" in page and "补充了第五部分的改进情况。" in page and "发布记录" in page
    assert "第 1 版" in page and "第 2 版（现行）" in page
    url_v1 = reverse("reports_public:version_download", args=[report.pk, 1, "json"])
    assert url_v1 in page and v1.sha256 in page
    resp = client.get(url_v1)
    assert resp.status_code == 200 and resp.content == v1_json
    assert hashlib.sha256(resp.content).hexdigest() == v1.sha256
    assert "补充后的第五部分。" not in resp.content.decode() and "补充后的第五部分。" in page
    docx_v1 = client.get(reverse("reports_public:version_download", args=[report.pk, 1, "docx"])).content
    assert docx_v1 == v1_docx
    assert hashlib.sha256(docx_v1).hexdigest() in page  # the hash of the kept file is shown
    assert client.get(reverse("reports_public:version_download", args=[report.pk, 3, "json"])).status_code == 404
    assert client.get(reverse("reports_public:version_download", args=[report.pk, 0, "json"])).status_code == 404
    # the list says it was corrected; the first publication date is kept
    listing = client.get(reverse("reports_public:list")).content.decode()
    assert "第 2 版" in listing
    # nothing deletes a published version: not even deleting the report
    with pytest.raises(ProtectedError):
        AnnualReport.objects.filter(pk=report.pk).delete()
    assert PublishedVersion.objects.filter(report=report).count() == 2


def test_a_withdrawn_report_hides_every_version(year_2021, client):
    report = complete(actions.create_report(SYSTEM, year_2021, 2021))
    report = actions.publish(SYSTEM, actions.mark_reviewed(SYSTEM, report))
    url = reverse("reports_public:version_download", args=[report.pk, 1, "json"])
    assert client.get(url).status_code == 200
    actions.reopen(SYSTEM, report, "撤回核实")
    assert client.get(url).status_code == 404
    assert PublishedVersion.objects.filter(report=report).count() == 1  # kept, not public while withdrawn
