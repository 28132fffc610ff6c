"""Issue 14 item 7: two app servers behind nginx share everything through PostgreSQL, Redis and the
shared upload folder. Run alone with `pytest -m deploy`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import pytest

from gongkai.serving import launch

pytestmark = pytest.mark.deploy

PASSWORD = "Pw-for-tests-2026"
PERSON = {
    "applicant_type": "natural_person", "applicant_name": "张三", "id_type": "id_card",
    "id_number": "510502199001191234", "phone": "13800001234", "email": "zhangsan@example.com",
    "address": "四川省泸州市江阳区某路1号", "info_name": "2025年统计公报", "info_description": "2025年全市统计公报全文",
    "provision_form": "electronic", "delivery_method": "email", "confirm": "on",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def seeded(cluster):
    out = launch.shell(cluster.env, (
        "from gongkai.agencies.models import Agency, Membership\n"
        "from gongkai.accounts.models import User\n"
        "a = Agency.objects.create(name='测试市统计局', slug='t-stats')\n"
        "for name in ('officer', 'victim'):\n"
        f"    u = User.objects.create_user(name, password='{PASSWORD}')\n"
        "    Membership.objects.create(user=u, agency=a, role='officer')\n"
        "print(a.pk)\n"))
    return int(out.strip().splitlines()[-1])


def upstream(headers: dict) -> str:
    return headers.get("X-Upstream", "")


def login(browser, username, password):
    status, _, html = browser.get("/accounts/login/")
    assert status == 200, html[:300]
    return browser.post("/accounts/login/", {**browser.form_fields(html), "username": username, "password": password})


def test_tls_proxy_headers_and_no_redirect_loop(cluster):
    b = cluster.browser()
    status, headers, html = b.get("/")
    assert status == 200, html[:300]  # X-Forwarded-Proto through the trusted proxy: no redirect loop
    assert headers["Strict-Transport-Security"].startswith("max-age=3600")
    assert "script-src 'self'" in headers["Content-Security-Policy"] and "unsafe-inline" not in headers[
        "Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert headers["Referrer-Policy"] == "same-origin"
    assert re.fullmatch(r"nginx", headers.get("Server", "nginx")), headers.get("Server")  # no version, no gunicorn
    status, headers, _ = b.get("/accounts/login/")
    assert "no-store" in headers["Cache-Control"]
    # straight to an app server, a forged X-Forwarded-Proto from an untrusted address is ignored
    direct = launch.Browser(cluster.apps[0], source="127.0.0.2")
    status, headers, _ = direct.get("/", headers={"X-Forwarded-Proto": "https"})
    assert status == 301 and headers["Location"].startswith("https://")


def test_healthz_reports_database_redis_and_job_lag(cluster):
    deadline = time.monotonic() + 75  # a worker beats once a minute
    while True:
        status, _, body = cluster.browser().get("/healthz")
        report = json.loads(body)
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(1)
    print("\n/healthz:", body)
    assert status == 200, body
    assert report["database"]["ok"] and report["database"]["vendor"] == "postgresql"
    assert report["redis"]["ok"] and report["jobs"]["ok"] and report["jobs"]["lag_seconds"] < 120


def test_staff_session_works_on_both_servers(cluster, seeded):
    b = cluster.browser()
    status, headers, _ = login(b, "officer", PASSWORD)
    assert status == 302 and headers["Location"].endswith("/work/")
    seen = set()
    for _ in range(6):
        status, headers, html = b.get("/work/")
        assert status == 200 and "退出" in html, (status, html[:300])
        assert "no-store" in headers["Cache-Control"]
        seen.add(upstream(headers))
    assert len(seen) == 2, f"requests did not reach both app servers: {seen}"


def test_five_wrong_passwords_over_both_servers_lock_the_account(cluster, seeded):
    b = cluster.browser(source="127.0.0.5")
    fields = b.form_fields(b.get("/accounts/login/")[2])
    seen = set()
    for i in range(5):  # one POST after another: nginx alternates between the two servers
        status, headers, html = b.post("/accounts/login/", {**fields, "username": "victim", "password": f"wrong-{i}"})
        assert status == 200 and "用户名或密码不正确" in html
        seen.add(upstream(headers))
    assert len(seen) == 2, seen
    status, _, html = login(b, "victim", PASSWORD)
    assert status == 200 and "登录失败次数过多" in html


def _form(b, agency) -> dict:
    status, _, html = b.get("/apply/")
    assert status == 200, html[:300]
    return {**PERSON, **b.form_fields(html), "agency": str(agency)}


def _apply(b, agency, files=None):
    return b.post("/apply/", _form(b, agency), files=files)


def test_apply_rate_limit_holds_across_both_servers(cluster, seeded):
    b = cluster.browser(source="127.0.0.3")
    forms = [_form(b, seeded) for _ in range(12)]
    results, seen = [], set()
    for form in forms:  # one POST after another: nginx alternates between the two servers
        status, headers, html = b.post("/apply/", form)
        results.append("accepted" if status == 302 else "refused" if "提交过于频繁" in html else f"?{status}")
        seen.add(upstream(headers))
    assert results == ["accepted"] * 10 + ["refused"] * 2 and len(seen) == 2, (results, seen)
    # a forged X-Forwarded-For from the same client is no way round it …
    forged = cluster.browser(source="127.0.0.3")
    forged.headers = {"X-Forwarded-For": "198.51.100.9"}
    assert "提交过于频繁" in _apply(forged, seeded)[2]
    # … while another client address has its own budget (the limit sees clients, not the proxy)
    assert _apply(cluster.browser(source="127.0.0.4"), seeded)[0] == 302


def test_a_file_uploaded_through_one_server_downloads_through_the_other(cluster, seeded):
    b = cluster.browser(source="127.0.0.6")
    status, headers, _ = _apply(b, seeded, files={"attachments": ("身份证明.pdf", PDF, "application/pdf")})
    assert status == 302, headers
    uploaded_on = upstream(headers)
    _, _, done = b.get("/apply/done/")
    code = re.search(r'id="tracking-code">([^<]+)<', done).group(1)
    password = re.search(r'id="query-password">([^<]+)<', done).group(1)
    status, _, html = b.get("/apply/status/")
    status, _, _ = b.post("/apply/status/", {**b.form_fields(html), "tracking_code": code, "password": password})
    assert status == 302
    _, _, page = b.get("/apply/status/case/")
    link = re.search(r'href="(/apply/status/case/attachments/\d+/)"', page).group(1)
    served_by = set()
    for _ in range(4):
        status, headers, body = b.request("GET", link)
        assert status == 200 and body.encode("latin-1", "replace")[:8] == PDF[:8] or body.startswith("%PDF"), status
        served_by.add(upstream(headers))
    assert served_by - {uploaded_on}, f"uploaded on {uploaded_on}, downloaded only from {served_by}"
    # public media: the app says yes, nginx sends the file (X-Accel-Redirect); /_media/ itself is internal
    # (disclosure attachments are not media: they are served by a view that checks the item is public)
    (cluster.shared / "media" / "public").mkdir(exist_ok=True)
    (cluster.shared / "media" / "public" / "notice.pdf").write_bytes(PDF)
    for _ in range(2):
        status, headers, body = b.get("/media/public/notice.pdf")
        assert status == 200 and body.startswith("%PDF-1.4"), (status, body[:100])
    assert b.get("/_media/public/notice.pdf")[0] == 404


def test_a_periodic_job_runs_once_across_hosts(cluster):
    """Both hosts' schedulers reach 00:00 UTC; the daily jobs are enqueued by one of them and run once."""
    when = "2026-11-02T00:00"
    hosts = [subprocess.Popen([sys.executable, "-m", "gongkai", "worker", "--enqueue-periodic-at", when],
                              env=cluster.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = [h.communicate(timeout=120)[0] for h in hosts]
    assert all(h.returncode == 0 for h in hosts), outputs
    assert sum("daily_digest" in o for o in outputs) == 1, outputs
    jobs = ("daily_digest", "interactions.remind_due_letters")
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline and [cluster.job_runs(j) for j in jobs] != [1, 1]:
        time.sleep(0.5)
    time.sleep(2)  # a second run, were there one, would have shown by now
    assert [cluster.job_runs(j) for j in jobs] == [1, 1]
