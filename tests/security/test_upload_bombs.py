"""Issue 15.6: zip bombs on the public audit page. The zip's expansion is checked before anything is
unpacked, and the file is read in a child process with memory, CPU and wall-clock limits; either way the
answer is a Chinese message (400), never a 500 and never gigabytes in the web process."""

from __future__ import annotations

import io
import random
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def blank_docx() -> zipfile.ZipFile:
    import docx as python_docx

    buf = io.BytesIO()
    python_docx.Document().save(buf)
    return zipfile.ZipFile(buf)


def docx(paragraphs: int, seed: int = 1) -> bytes:
    """A .docx whose document.xml holds `paragraphs` paragraphs of random digits (packs about 5:1, so the
    packing ratio alone does not give it away)."""
    rnd = random.Random(seed)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf, blank_docx() as template:
        for info in template.infolist():
            if info.filename != "word/document.xml":
                zf.writestr(info.filename, template.read(info))
        with zf.open("word/document.xml", "w") as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'.encode())
            chunk = []
            for i in range(paragraphs):
                chunk.append(f"<w:p><w:r><w:t>{rnd.randrange(10**8)}</w:t></w:r></w:p>")
                if len(chunk) == 10_000 or i == paragraphs - 1:
                    part.write("".join(chunk).encode())
                    chunk = []
            part.write(b"</w:body></w:document>")
    return buf.getvalue()


def post(client, data: bytes):
    started = time.monotonic()
    resp = client.post(reverse("audit:index"), {"report": SimpleUploadedFile("年报.docx", data)})
    return resp, time.monotonic() - started


@pytest.mark.django_db
def test_a_part_that_unpacks_to_tens_of_megabytes_is_refused_before_parsing(client, monkeypatch):
    import subprocess

    from gongkai.rules.parse import isolated

    def no_parsing(*args, **kwargs):
        raise AssertionError("the file reached the parser")

    monkeypatch.setattr(subprocess, "run", no_parsing)
    monkeypatch.setattr(isolated.Reader, "read", no_parsing)  # the reading server's child, per file
    bomb = docx(600_000)  # document.xml ≈ 26 MB from ≈ 5 MB: within the old 100 MB / ratio-100 limits
    info = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("word/document.xml")
    assert info.file_size > 20 * 1024 * 1024 and info.file_size / info.compress_size < 100
    resp, _ = post(client, bomb)
    assert resp.status_code == 400 and "解压后过大" in resp.content.decode()


@pytest.mark.django_db
def test_a_file_too_costly_to_read_is_stopped_by_the_child_process_limits(client, settings):
    settings.GONGKAI_PARSE_CPU_SECONDS = 1
    settings.GONGKAI_PARSE_TIMEOUT = 4
    # ≈ 15.5 MB of XML: inside the expansion limits (16 MB a part), but ~1.6 s of CPU to read. (250,000
    # paragraphs took ~1.0 s: over the 1 s limit only with an interpreter start counted in, which the
    # reading server's forked children no longer pay.)
    heavy = docx(380_000)
    resp, seconds = post(client, heavy)
    html = resp.content.decode()
    assert resp.status_code == 400 and "超出了内存或时间上限" in html
    assert seconds < 10, seconds


@pytest.mark.django_db
def test_an_ordinary_docx_is_still_read_through_the_child_process(client):
    resp, _ = post(client, docx(20))
    # 20 paragraphs of digits are no annual report: the parser's own message, from text the child returned
    assert resp.status_code == 400
    assert "超出了内存或时间上限" not in resp.content.decode() and "解压后过大" not in resp.content.decode()
