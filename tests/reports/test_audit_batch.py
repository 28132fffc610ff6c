"""The supervisor's batch audit (issue 10 item 5): a ZIP or many files of member reports audited in a
background job (huey, immediate mode here), a progress bar polled by htmx, the summary with each
report's findings one click away, an Excel export, bad files on their own line, scoped to the
supervisor who uploaded them."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.reports.models_audit import AuditBatch, BatchState

pytestmark = pytest.mark.django_db

BROKEN = {
    "坏的.pdf": b"%PDF-1.4 not really",
    "空文件.txt": b"",
    "图片.png": b"\x89PNG\r\n\x1a\n....",
    "旧版.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
    "非报告.txt": "这是一份会议通知，请各单位准时参加。".encode(),
}


@pytest.fixture
def supervisor(agency_tree, make_user, client):
    user = make_user(agency_tree["city"], role="supervisor")
    client.force_login(user)
    return user


def fixture_files(shared_dir):
    return sorted((shared_dir / "fixtures").rglob("*.txt"))


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def batch_of_100(shared_dir) -> dict[str, bytes]:
    files = fixture_files(shared_dir)
    members = {f"{i:03d}-{f.name}": f.read_bytes() for i in range(95) for f in [files[i % len(files)]]}
    members.update({f"坏文件/{name}": data for name, data in BROKEN.items()})
    return members


def upload(client, *files):
    return client.post(reverse("audit:batch_list"), {"files": list(files)})


def test_a_batch_of_100_through_the_web_page(client, supervisor, shared_dir, immediate_huey):
    started = time.perf_counter()
    r = upload(client, SimpleUploadedFile("成员单位年报.zip", zip_of(batch_of_100(shared_dir)), "application/zip"))
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
    from gongkai.reports.audit_batch import collect, create_batch, run_batch

    batch = create_batch(supervisor, agency_tree["city"], "x", collect([SimpleUploadedFile("a.txt", b"abc")]))
    r = client.get(reverse("audit:batch_detail", args=[batch.pk]))
    assert 'hx-trigger="every 2s"' in r.content.decode() and "<progress" in r.content.decode()
    r = client.get(reverse("audit:batch_progress", args=[batch.pk]))
    assert "HX-Refresh" not in r
    run_batch(batch.pk)
    r = client.get(reverse("audit:batch_progress", args=[batch.pk]))
    assert r["HX-Refresh"] == "true"
    assert "无法读取 1 份" in client.get(reverse("audit:batch_detail", args=[batch.pk])).content.decode()


def test_batches_are_the_supervisors_own(client, supervisor, agency_tree, make_user):
    from gongkai.reports.audit_batch import collect, create_batch

    batch = create_batch(supervisor, agency_tree["city"], "甲批次", collect([SimpleUploadedFile("a.txt", b"abc")]))
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


def test_batch_creation_is_journaled(supervisor, agency_tree):
    from gongkai.journal.models import Event
    from gongkai.reports.audit_batch import collect, create_batch

    create_batch(supervisor, agency_tree["city"], "x", collect([SimpleUploadedFile("a.txt", b"abc")]))
    assert Event.objects.filter(action="audit_batch.create").count() == 1
