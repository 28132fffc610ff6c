"""A published report's downloads are rendered once (queued at publication) and served as stored
bytes; publishing again renders the new version and keeps the earlier one's files."""

import io
import json

from django.urls import reverse

from gongkai.journal.actors import SYSTEM
from gongkai.reports import actions, published
from gongkai.reports.models import PublishedFile

from .helpers import complete


def test_files_rendered_at_publication_and_served_stored(year_2021, client, monkeypatch, immediate_huey,
                                                         django_capture_on_commit_callbacks):
    report = actions.mark_reviewed(SYSTEM, complete(actions.create_report(SYSTEM, year_2021, 2021)))
    with django_capture_on_commit_callbacks(execute=True):
        report = actions.publish(SYSTEM, report)
    assert report.published_version == 1
    stored = dict(PublishedFile.objects.filter(report=report, version=1).values_list("ext", "content"))
    assert set(stored) == {"html", "pdf", "docx", "xlsx", "json"}

    def no_rendering(*args, **kwargs):
        raise AssertionError("a download must not render the report again")

    monkeypatch.setattr(published, "_render", no_rendering)
    for ext in ("pdf", "docx"):
        resp = client.get(reverse("reports_public:download", args=[report.pk, ext]))
        assert resp.status_code == 200 and resp.content == bytes(stored[ext])
    assert resp.content[:2] == b"PK"
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(resp.content)).paragraphs)
    assert report.title in text


def test_republication_renders_the_new_version(year_2021, client):
    report = complete(actions.create_report(SYSTEM, year_2021, 2021))
    report = actions.publish(SYSTEM, actions.mark_reviewed(SYSTEM, report))
    url = reverse("reports_public:download", args=[report.pk, "json"])
    first = json.loads(client.get(url).content)  # stored at publication (no queue in this test)
    assert PublishedFile.objects.filter(report=report, version=1, ext="json").count() == 1
    assert "第一版的问题。" not in json.dumps(first, ensure_ascii=False)

    report = actions.reopen(SYSTEM, report, "补充第五部分")
    # changed since: the earlier versions' files are kept (a silent replacement is impossible);
    # the report is still withdrawn from the portal while it is reopened
    assert set(PublishedFile.objects.filter(report=report).values_list("version", "ext")) == {(1, "json")}
    assert client.get(url).status_code == 404  # withdrawn from the portal
    report = actions.save_texts(SYSTEM, report, {"五": "第一版的问题。"})
    report = actions.publish(SYSTEM, actions.mark_reviewed(SYSTEM, report), correction="补充第五部分。")
    assert report.published_version == 2
    second = json.loads(client.get(url).content)
    assert second["sections"]["五"] == "第一版的问题。"
    assert sorted(PublishedFile.objects.filter(report=report).values_list("version", "ext")) == [(1, "json"),
                                                                                               (2, "json")]
    # the background rendering of version 2 adds the other formats and skips a stale version
    assert published.render_published(report.pk, 1) == []
