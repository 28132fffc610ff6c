"""Issue 14 item 3: nothing saved goes unacknowledged. The server is killed between the commit of a public
submission and its answer; submitting the same form again from the same browser shows the same receipt
(with the query password), and the same submit token from another browser shows nothing personal."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import sys
import urllib.error
from pathlib import Path

import pytest

from gongkai.serving import launch

from .helpers import PERSON, apply_form, count_rows, seed

CRASH = {"X-Test-Crash-After-Commit": "1"}


@pytest.fixture
def crashable_server(migrated_var, static_root, tmp_path):
    var = tmp_path / "var"
    shutil.copytree(migrated_var, var, ignore=shutil.ignore_patterns(".complete"))
    env = launch.production_env(var, GONGKAI_STATIC_ROOT=static_root)
    if os.environ.get("GONGKAI_TEST_SERVER"):  # comparing with code that has no production mode
        env["GONGKAI_DEBUG"] = "1"
    port = launch.free_port()
    argv = [sys.executable, "-m", "gunicorn", "--pythonpath", str(Path(__file__).parent), "crashwsgi:application",
            "-b", f"127.0.0.1:{port}", "-w", "1", "--threads", "4", "-k", "gthread", "--no-control-socket"]
    proc = launch.Process(argv, env, tmp_path / "server.log")
    try:
        launch.wait_http(f"http://127.0.0.1:{port}/healthz", timeout=120, proc=proc.proc, log=tmp_path / "server.log")
        yield f"http://127.0.0.1:{port}", env
    finally:
        proc.stop()


def _lost(browser, path, data):
    with pytest.raises((urllib.error.URLError, http.client.HTTPException, ConnectionError)):
        browser.post(path, data, headers=CRASH)


def _count(env, model: str) -> int:
    return count_rows(env, model)


def test_an_application_whose_answer_was_lost_shows_its_receipt_again(crashable_server):
    base, env = crashable_server
    agency = seed(env)
    mine = launch.Browser(base)
    form = apply_form(mine, agency)
    _lost(mine, "/apply/", form)  # committed, then the server died
    assert _count(env, "gongkai.applications.models.Application") == 1

    status, headers, _ = mine.post("/apply/", form)  # the applicant presses 提交 again
    assert status == 302 and headers["Location"].endswith("/apply/done/")
    _, _, done = mine.get("/apply/done/")
    code = re.search(r'id="tracking-code">([^<]+)<', done).group(1)
    password = re.search(r'id="query-password">([^<]+)<', done).group(1)
    assert _count(env, "gongkai.applications.models.Application") == 1
    # the password shown is the application's own: it opens the status page
    fields = mine.form_fields(mine.get("/apply/status/")[2])
    assert mine.post("/apply/status/", {**fields, "tracking_code": code, "password": password})[0] == 302

    # someone else replaying the same submit token sees nothing of the application
    other = launch.Browser(base)
    other_form = apply_form(other, agency)
    replay = {**other_form, **PERSON, "applicant_name": "李四", "token": form["token"]}
    status, _, html = other.post("/apply/", replay)
    assert status == 200 and "已经提交过" in html
    for secret in (code, password, "张三"):
        assert secret not in html
    status, headers, _ = other.get("/apply/done/")
    assert status == 302  # no receipt in that browser's session
    assert _count(env, "gongkai.applications.models.Application") == 1


def test_a_letter_whose_answer_was_lost_shows_its_receipt_again(crashable_server):
    base, env = crashable_server
    seed(env)
    b = launch.Browser(base)
    status, _, html = b.get("/mailbox/write/t-stats/")
    assert status == 200, html[:300]
    category = re.search(r'name="category" value="([^"]+)"', html).group(1)
    letter = {**b.form_fields(html), "category": category, "writer_name": "王五", "phone": "13800001111",
              "subject": "关于公交线路", "body": "建议增开夜班公交。"}
    _lost(b, "/mailbox/write/t-stats/", letter)
    assert _count(env, "gongkai.interactions.models.MailboxLetter") == 1
    status, headers, _ = b.post("/mailbox/write/t-stats/", letter)
    assert status == 302 and headers["Location"].endswith("/mailbox/sent/")
    _, _, done = b.get("/mailbox/sent/")
    assert re.search(r'id="tracking-code">[A-Z0-9-]+<', done) and re.search(r'id="query-password">[a-z0-9]+<', done)
    assert _count(env, "gongkai.interactions.models.MailboxLetter") == 1
