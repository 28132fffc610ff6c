"""Issue 15: uploaded report files are read in a child process per file, with memory, CPU and wall-clock
limits; the children are forked by a reading server that has imported the readers once
(gongkai.rules.parse.isolated.Reader), so a file costs its parse, not an interpreter start. The limits are
the child's alone, the answers are each file's own, and a dead server is replaced."""

from __future__ import annotations

import io
import json
import os
import socket
import threading
import time

import pytest

from gongkai.rules.parse.isolated import LIMIT_MESSAGE, Reader, run

LIMITS = {"memory_mb": 1024, "cpu_seconds": 20, "timeout": 30.0}


@pytest.fixture(scope="module")
def reader():
    """One server for the tests that leave it running (each start imports the readers: a second or so)."""
    r = Reader()
    yield r
    r.close()


@pytest.fixture
def own_reader():
    r = Reader()
    yield r
    r.close()


@pytest.fixture
def reports(shared_dir) -> dict[str, bytes]:
    """The text fixtures, and the first as a .docx (a library the server preloads)."""
    import docx as python_docx

    files = {f.name: f.read_bytes() for f in sorted((shared_dir / "fixtures/reports").glob("*.txt"))}
    first = next(iter(files.values())).decode("utf-8")
    doc = python_docx.Document()
    for line in first.splitlines():
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    files["report.docx"] = buf.getvalue()
    return files


def test_the_child_answers_exactly_what_reading_in_process_gives(reader, reports):
    for name, data in reports.items():
        out = reader.read(data, name, **LIMITS)
        assert out == run(data, name), name
        assert "cells" in out, name
    assert reader.read("这是一份会议通知。".encode(), "x.txt", **LIMITS) == run("这是一份会议通知。".encode(), "x.txt")


def test_one_server_many_children_each_file_its_own_process(reader, reports):
    data = next(iter(reports.values()))
    reader.read(data, "a.txt", **LIMITS)
    server = reader._proc.pid
    for _ in range(3):
        reader.read(data, "a.txt", **LIMITS)
    assert reader._proc.pid == server and reader._proc.poll() is None  # started once


def test_a_memory_limit_stops_that_child_only(reader, reports):
    name, data = "report.docx", reports["report.docx"]
    out = reader.read(data, name, memory_mb=32, cpu_seconds=20, timeout=30)
    # stopped: killed (no answer), or the allocation failed and the reader said so
    assert out is None or out["error"] == LIMIT_MESSAGE or "MemoryError" in out["error"], out
    # the limit was the child's: the server and the next child read normally
    assert reader.read(data, name, **LIMITS) == run(data, name)


def test_a_child_that_never_gets_its_file_is_ended_by_its_alarm(reader):
    """The wall-clock limit is the child's own alarm: here the sender never finishes, and the child's end of
    the file's socket closes after the timeout without an answer."""
    mine, theirs = socket.socketpair()
    header = json.dumps({"name": "a.txt", "memory_mb": 1024, "cpu_seconds": 20, "timeout": 1}).encode()
    socket.send_fds(reader._server(), [header], [theirs.fileno()])
    theirs.close()
    mine.sendall(b"half a file")  # and never the end of it
    mine.settimeout(10)
    started = time.monotonic()
    try:
        assert mine.recv(100) == b""
    except ConnectionResetError:
        pass
    assert 0.5 < time.monotonic() - started < 5
    mine.close()


def test_the_caller_gives_up_after_its_timeout(reader):
    """The caller's own deadline: a child that does not answer in time is reported as stopped (None)."""
    out = reader.read(b"x" * 10, "a.txt", memory_mb=1024, cpu_seconds=20, timeout=0.000001)
    assert out is None


def test_a_dead_server_is_replaced(own_reader, reports):
    reader = own_reader
    data = reports["report.docx"]
    reader.read(data, "report.docx", **LIMITS)
    old = reader._proc
    old.kill()
    old.wait()
    assert reader.read(data, "report.docx", **LIMITS) == run(data, "report.docx")
    assert reader._proc is not old and reader._proc.poll() is None


def test_concurrent_reads_get_their_own_answers(reader, reports):
    items = list(reports.items()) * 3
    answers: dict[int, object] = {}

    def one(i: int, name: str, data: bytes) -> None:
        answers[i] = reader.read(data, name, **LIMITS)

    threads = [threading.Thread(target=one, args=(i, n, d)) for i, (n, d) in enumerate(items)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [answers[i] for i in range(len(items))] == [run(d, n) for n, d in items]


def test_the_server_ends_with_its_parent_socket(own_reader, reports):
    reader = own_reader
    reader.read(reports["report.docx"], "report.docx", **LIMITS)
    proc = reader._proc
    reader.close()
    assert proc.poll() is not None
    with pytest.raises(ProcessLookupError):
        os.kill(proc.pid, 0)


def _lxml_error(message: str):
    from lxml import etree

    return etree.XMLSyntaxError(message, 1, 0, 0)


@pytest.mark.parametrize("cause, ran_out", [
    # how the readers' libraries fail when the child's address-space limit refuses an allocation (seen when the
    # limit falls in the middle of a .docx: the wrapped MemoryError, libxml2's "unknown error", zlib's -4)
    (MemoryError("Unable to allocate output buffer."), True),
    (lambda: _lxml_error("unknown error"), True),
    (lambda: _lxml_error("Memory allocation failed : growing buffer"), True),
    (__import__("zlib").error("Error -4 while decompressing data"), True),
    # a damaged file stays a damaged file
    (__import__("zlib").error("Error -3 while decompressing data: invalid stored block lengths"), False),
    (lambda: _lxml_error("Premature end of data in tag document line 2"), False),
    (KeyError("There is no item named 'word/document.xml' in the archive"), False),
    (ValueError("file is not a zip file"), False),
])
def test_a_read_that_ran_out_of_memory_says_so_not_that_the_file_is_damaged(monkeypatch, cause, ran_out):
    from gongkai.rules.parse import isolated
    from gongkai.rules.parse.errors import ReportParseError

    exc = cause() if callable(cause) and not isinstance(cause, BaseException) else cause

    def failing_reader(data, name):
        try:
            raise exc
        except Exception as inner:
            raise ReportParseError(f"Word 文件无法打开（{type(inner).__name__}），文件可能已损坏。") from inner

    monkeypatch.setattr(isolated, "read_bytes", failing_reader)
    out = run(b"PK", "report.docx")
    assert (out["error"] == LIMIT_MESSAGE) is ran_out, out
