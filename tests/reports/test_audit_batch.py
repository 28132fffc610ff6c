"""The supervisor's batch audit (issue 10 item 5): a ZIP or many files of member reports audited in a
background job (huey, immediate mode here), a progress bar polled by htmx, the summary with each
report's findings one click away, an Excel export, bad files on their own line, scoped to the
supervisor who uploaded them."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.reports.models_audit import AuditBatch, BatchState

from .batch_files import BROKEN, batch_members, zip_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(agency_tree, make_user, client):
    user = make_user(agency_tree["city"], role="supervisor")
    client.force_login(user)
    return user


def new_batch(user, office, name="x", files=(("a.txt", b"abc"),)):
    from gongkai.reports.actions import create_audit_batch
    from gongkai.reports.audit_batch import collect

    return create_audit_batch(user, office, name, collect([SimpleUploadedFile(n, d) for n, d in files]))


def upload(client, *files):
    return client.post(reverse("audit:batch_list"), {"files": list(files)})


def test_a_batch_of_100_through_the_web_page(client, supervisor, shared_dir, immediate_huey):
    started = time.perf_counter()
    r = upload(client, SimpleUploadedFile("成员单位年报.zip", zip_of(batch_members(shared_dir, 100)), "application/zip"))
    assert r.status_code == 302
    batch = AuditBatch.objects.get()
    assert (batch.state, batch.total, batch.done) == (BatchState.DONE, 100, 100)
    page = client.get(r["Location"]).content.decode()
    wall = time.perf_counter() - started
    assert "共 100 份：可读取 95 份" in page and "无法读取 5 份" in page
    assert page.count("无法读取：") == 5 and "空文件.txt" in page and "文件类型不支持" in page
    assert "泸州市统计局" in page and "按时" in page
    items = {i.name: i for i in batch.items.all()}
    hongze = next(i for n, i in items.items() if n.endswith("hongze-2023.txt"))
    assert hongze.errors and hongze.agency_name == "淮安市洪泽区人民政府" and hongze.year == 2023
    seed = next(i for n, i in items.items() if n.endswith("luzhou-statistics-bureau-2020.txt"))
    assert seed.published.isoformat() == "2021-01-25" and seed.on_time is True
    assert all(not i.content for i in items.values())  # files are not kept once audited
    print(f"\n100 份报告经网页批量审核：墙钟 {wall:.1f} 秒")


def test_findings_one_click_away_and_excel_export(client, supervisor, shared_dir, immediate_huey):
    hongze = (shared_dir / "fixtures/reports/hongze-2023.txt").read_bytes()
    r = upload(client, SimpleUploadedFile("hongze.txt", hongze), SimpleUploadedFile("坏的.pdf", BROKEN["坏的.pdf"]))
    batch = AuditBatch.objects.get()
    detail = client.get(r["Location"]).content.decode()
    link = reverse("audit:batch_item", args=[batch.pk, 1])
    assert link in detail
    page = client.get(link).content.decode()
    assert "L5" in page and "FORMAT_MIXED" in page
    x = client.get(reverse("audit:batch_export", args=[batch.pk]))
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(x.content))
    summary = list(wb["汇总"].iter_rows(values_only=True))
    assert summary[0][:3] == ("序号", "文件", "单位") and summary[1][2] == "淮安市洪泽区人民政府"
    assert summary[2][10].startswith("无法读取：PDF")
    assert any(row[2] == "L5" for row in wb["发现的问题"].iter_rows(values_only=True))


def test_progress_is_polled_until_done(client, supervisor, agency_tree):
    from gongkai.reports.audit_batch import run_batch

    batch = new_batch(supervisor, agency_tree["city"])
    r = client.get(reverse("audit:batch_detail", args=[batch.pk]))
    assert 'hx-trigger="every 2s"' in r.content.decode() and "<progress" in r.content.decode()
    r = client.get(reverse("audit:batch_progress", args=[batch.pk]))
    assert "HX-Refresh" not in r
    run_batch(batch.pk)
    r = client.get(reverse("audit:batch_progress", args=[batch.pk]))
    assert r["HX-Refresh"] == "true"
    assert "无法读取 1 份" in client.get(reverse("audit:batch_detail", args=[batch.pk])).content.decode()


def test_batches_are_the_supervisors_own(client, supervisor, agency_tree, make_user):
    batch = new_batch(supervisor, agency_tree["city"], "甲批次")
    other = make_user(agency_tree["county"], role="supervisor")
    client.force_login(other)
    for name in ("audit:batch_detail", "audit:batch_progress", "audit:batch_export"):
        assert client.get(reverse(name, args=[batch.pk])).status_code == 404
    assert "甲批次" not in client.get(reverse("audit:batch_list")).content.decode()
    client.force_login(make_user(agency_tree["dept"], role="officer"))
    assert client.get(reverse("audit:batch_list")).status_code == 403


def test_unsafe_or_oversized_zip_is_refused(client, supervisor, settings, monkeypatch):
    r = upload(client, SimpleUploadedFile("a.zip", zip_of({"../../etc/passwd.txt": b"x"})))
    assert r.status_code == 302 and AuditBatch.objects.count() == 0
    assert "不安全" in client.get(reverse("audit:batch_list")).content.decode()
    from gongkai.common import uploads

    monkeypatch.setattr(uploads, "MAX_ARCHIVE_MEMBERS", 2)
    monkeypatch.setattr("gongkai.reports.audit_batch.uploads.unpack_archive.__defaults__", (2, uploads.MAX_ARCHIVE_BYTES))
    upload(client, SimpleUploadedFile("b.zip", zip_of({f"{i}.txt": b"x" for i in range(3)})))
    assert "超过 2 个的上限" in client.get(reverse("audit:batch_list")).content.decode()
    upload(client, SimpleUploadedFile("c.zip", b"PK\x03\x04 broken"))
    assert "不是有效的 ZIP" in client.get(reverse("audit:batch_list")).content.decode()


def test_batch_is_journaled_once_per_state_change(client, supervisor, agency_tree, shared_dir, immediate_huey):
    """Created by the supervisor through the page's action menu (common.actionview), then started and
    finished by the job as 系统: three events for a batch of 7 files, none per file; the 完成 event
    carries the summary counts."""
    from gongkai.journal.models import Event

    members = {n: d for n, d in batch_members(shared_dir, 7).items()}
    r = upload(client, SimpleUploadedFile("七份.zip", zip_of(members)))
    batch = AuditBatch.objects.get()
    assert r["Location"] == reverse("audit:batch_detail", args=[batch.pk]) and batch.state == BatchState.DONE
    events = list(Event.objects.filter(object_type="reports.auditbatch").order_by("pk"))
    assert [e.action for e in events] == ["audit_batch.create", "audit_batch.start", "audit_batch.finish"]
    created, started, finished = events
    assert created.actor_name == supervisor.display_name and created.after["total"] == 7
    assert started.actor_name == finished.actor_name == "系统"
    assert (started.before, started.after) == ({"state": "queued"}, {"state": "running"})
    assert finished.after["state"] == "done" and finished.after["finished_at"]
    assert "共 7 份：可读取 2 份，无法读取 5 份" in finished.note
    assert not Event.objects.filter(object_type="reports.audititem").exists()


def test_a_failing_job_ends_the_batch_as_failed(supervisor, agency_tree, monkeypatch):
    from gongkai.journal.models import Event
    from gongkai.reports import audit_batch

    batch = new_batch(supervisor, agency_tree["city"], files=[("a.txt", b"abc"), ("b.txt", b"def")])

    def broken(*args):
        raise RuntimeError("database went away")

    monkeypatch.setattr(audit_batch, "_audit_all", broken)
    batch = audit_batch.run_batch(batch.pk)
    assert batch.state == BatchState.FAILED and batch.finished_at and "审核中断" in batch.note
    assert list(Event.objects.filter(object_type="reports.auditbatch").order_by("pk").values_list("action", "actor_name")) == [
        ("audit_batch.create", supervisor.display_name), ("audit_batch.start", "系统"), ("audit_batch.fail", "系统")]
    assert audit_batch.run_batch(batch.pk).state == BatchState.FAILED  # a finished batch is not run again


def test_only_a_supervisor_creates_a_batch(agency_tree, make_user):
    from django.core.exceptions import PermissionDenied, ValidationError

    from gongkai.journal.actors import SYSTEM

    officer = make_user(agency_tree["city"], role="officer")
    with pytest.raises(PermissionDenied):
        new_batch(officer, agency_tree["city"])
    with pytest.raises(ValidationError, match="政务公开办人员"):
        new_batch(SYSTEM, agency_tree["city"])
    assert AuditBatch.objects.count() == 0
