"""Operator comfort (issue 13 item 7): `gongkai migrate` and `gongkai demo` say what they are doing, the
README names PORT= and HOST=, and stopping the development `gongkai serve` (the one `make run` starts) with
SIGTERM or Ctrl+C (SIGINT) leaves no process of it behind — the background-job process goes too."""

from __future__ import annotations

import io
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.serving import launch
from gongkai.workbench.management.commands import demo as demo_command

ROOT = Path(__file__).resolve().parents[2]


def test_readme_names_port_and_host():
    readme = (ROOT / "README.md").read_text()
    assert "PORT=" in readme and "HOST=" in readme
    makefile = (ROOT / "Makefile").read_text()
    assert "PORT ?=" in makefile and "HOST ?=" in makefile
    assert "migrate --noinput -v 0" not in makefile  # make run shows the progress of the first run


@pytest.mark.django_db(transaction=True)
def test_migrate_prints_progress_in_chinese():
    call_command("migrate", "sessions", "zero", verbosity=0)
    out = io.StringIO()
    call_command("migrate", interactive=False, stdout=out)
    text = out.getvalue()
    assert "正在创建或更新数据库：共 1 个迁移" in text
    assert "[1/1] 会话（1 个迁移）…" in text and "数据库已更新（用时" in text
    assert "Applying" not in text and "Operations to perform" not in text
    out = io.StringIO()
    call_command("migrate", interactive=False, stdout=out)
    assert out.getvalue().strip() == "数据库已是最新，无需迁移。"
    out = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=out)
    assert out.getvalue() == ""


class _FakeDemo:
    def __init__(self, said: str):
        self.said, self.calls = said, 0

    def load(self, stdout=None):
        self.calls += 1
        if stdout is not None:
            stdout.write(self.said)


def test_demo_prints_each_step(monkeypatch):
    fakes = [("机关与人员", _FakeDemo("机构已就绪。")), ("主动公开", _FakeDemo("台账已就绪。"))]
    monkeypatch.setattr(demo_command, "demo_modules", lambda: fakes)
    out = io.StringIO()
    call_command("demo", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("正在载入演示数据（共 2 步")
    assert lines[1] == "[1/2] 机关与人员…" and lines[2] == "机构已就绪。"
    assert lines[3].strip().startswith("机关与人员完成，用时") and lines[4] == "[2/2] 主动公开…"
    assert lines[-1].startswith("演示数据已就绪（共用时")
    out = io.StringIO()
    call_command("demo", verbosity=0, stdout=out)
    assert out.getvalue() == "" and [f.calls for _, f in fakes] == [2, 2]


def test_every_app_with_demo_data_is_a_step():
    names = [name for name, _ in demo_command.demo_modules()]
    assert names[:2] == ["机关与人员", "依申请公开"] and "主动公开" in names and "年度报告" in names


def _group(pgid: int) -> list[int]:
    """The live (not zombie) processes of the process group `pgid`."""
    left = []
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            fields = (p / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            left.append(int(p.name))
    return left


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_the_development_server_leaves_no_process(signum, tmp_path):
    var = tmp_path / "var"
    shutil.copytree(launch.migrated_sqlite(), var, ignore=shutil.ignore_patterns(".complete"))
    env = {**launch.production_env(var), "GONGKAI_DEBUG": "1"}
    port = launch.free_port()
    log = tmp_path / "serve.log"
    # its own session: the process group id is the server's pid, and everything it starts is in the group
    proc = launch.Process([sys.executable, "-m", "gongkai", "serve", "--host", "127.0.0.1", "--port", str(port)],
                          env, log)
    try:
        launch.wait_http(f"http://127.0.0.1:{port}/healthz", timeout=120, proc=proc.proc, log=log)
        deadline = time.monotonic() + 30
        while not (kids := launch.children(proc.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert kids, "the background-job process did not start"
        assert set(kids) <= set(_group(proc.pid))
        proc.proc.send_signal(signum)
        assert proc.proc.wait(timeout=40) == 0, log.read_text()[-2000:]
        deadline = time.monotonic() + 30
        while _group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _group(proc.pid) == [], f"left after {signum.name}: {_group(proc.pid)}"
    finally:
        proc.stop()
