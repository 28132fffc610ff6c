"""Issue 14 item 1: SIGTERM stops everything cleanly — no orphaned job consumer, in-flight requests finish.
(Here beside the other tests that start a production server, whose fixtures they share.)"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import threading
import time
from pathlib import Path

from gongkai.serving import launch

from .helpers import apply_form, seed


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_sigterm_to_the_development_server_stops_its_job_consumer(migrated_var, tmp_path):
    import shutil

    var = tmp_path / "var"
    shutil.copytree(migrated_var, var, ignore=shutil.ignore_patterns(".complete"))
    env = {**launch.production_env(var), "GONGKAI_DEBUG": "1"}
    port = launch.free_port()
    proc = launch.Process([sys.executable, "-m", "gongkai", "serve", "--port", str(port)], env, tmp_path / "dev.log")
    try:
        launch.wait_http(f"http://127.0.0.1:{port}/healthz", timeout=120, proc=proc.proc, log=tmp_path / "dev.log")
        deadline = time.monotonic() + 30
        while not (kids := launch.children(proc.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(kids) == 1, "the job consumer did not start"
        proc.proc.send_signal(signal.SIGTERM)
        proc.proc.wait(timeout=40)
        deadline = time.monotonic() + 30
        while _alive(kids[0]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(kids[0]), "the job consumer outlived `gongkai serve`"
    finally:
        proc.stop()


def test_sigterm_lets_an_inflight_submission_finish(prod_server):
    base, env = prod_server(workers=1, threads=4, GONGKAI_SQLITE_BUSY_SECONDS="10")
    agency = seed(env)
    b = launch.Browser(base)
    form = apply_form(b, agency)
    master = min(int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _is_server(p, base))
    holder = sqlite3.connect(f"{env['GONGKAI_VAR']}/gongkai.sqlite3", isolation_level=None, timeout=30)
    holder.execute("BEGIN EXCLUSIVE")  # the submission will wait for this lock
    answer = {}
    t = threading.Thread(target=lambda: answer.setdefault("r", b.post("/apply/", form)))
    t.start()
    time.sleep(1.0)
    os.kill(master, signal.SIGTERM)  # stop the server while the submission is in flight
    time.sleep(1.0)
    holder.execute("ROLLBACK")
    holder.close()
    t.join(timeout=60)
    status, headers, _ = answer["r"]
    assert status == 302 and headers["Location"].endswith("/apply/done/")
    deadline = time.monotonic() + 40
    while _alive(master) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(master)


def _is_server(proc: Path, base: str) -> bool:
    try:
        cmd = (proc / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    port = base.rsplit(":", 1)[1].encode()
    return b"serve" in cmd and any(a.endswith(b"127.0.0.1:" + port) for a in cmd)
