"""Issue 15 items 7 and 8: logins are throttled per address before any password is hashed, the hash costs
a bounded amount of memory, and concurrent guesses at one account cannot exceed the lockout.

Before the fix: Django's argon2 default (100 MiB, t=2, p=8) ran for every attempt, random usernames were
never throttled, and 30 concurrent logins to one account had 20 guesses evaluated against a limit of 5."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher
from django.urls import reverse

from gongkai.serving import launch

from .helpers import PASSWORD, seed

MiB = 1024 * 1024


@pytest.fixture
def hash_count(monkeypatch):
    """How many times an argon2 hash was computed (a verify, or the dummy hash for an unknown user)."""
    counted = {"n": 0}
    verify, encode = Argon2PasswordHasher.verify, Argon2PasswordHasher.encode

    def counting_verify(self, password, encoded):
        counted["n"] += 1
        return verify(self, password, encoded)

    def counting_encode(self, password, salt):
        counted["n"] += 1
        return encode(self, password, salt)

    monkeypatch.setattr(Argon2PasswordHasher, "verify", counting_verify)
    monkeypatch.setattr(Argon2PasswordHasher, "encode", counting_encode)
    return counted


@pytest.mark.django_db
def test_random_usernames_from_one_address_are_throttled_before_hashing(client, settings, hash_count):
    settings.LOGIN_IP_LIMIT, settings.LOGIN_IP_WINDOW = 20, 300
    answers = [client.post(reverse("accounts:login"), {"username": f"nobody-{uuid.uuid4().hex[:8]}",
                                                       "password": "guess"}).status_code for _ in range(25)]
    assert answers[:20] == [200] * 20
    assert answers[20:] == [429] * 5
    assert hash_count["n"] == 20  # the five refused attempts hashed nothing
    refused = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert "登录尝试过于频繁" in refused.content.decode()


@pytest.mark.django_db
@pytest.mark.production_password_hash
def test_staff_passwords_use_the_measured_argon2_cost(make_user):
    user = make_user(username="cost")
    hasher = identify_hasher(user.password)
    assert (hasher.memory_cost, hasher.time_cost, hasher.parallelism) == (46 * 1024, 1, 1)
    assert "$m=47104,t=1,p=1$" in user.password


def _login_page(base: str) -> tuple[launch.Browser, dict]:
    b = launch.Browser(base)
    status, _, html = b.get("/accounts/login/")
    assert status == 200
    return b, b.form_fields(html)


def test_thirty_concurrent_logins_evaluate_at_most_five_guesses(prod_server):
    base, env = prod_server(workers=2, threads=8, GONGKAI_LOGIN_IP_LIMIT=1000)
    seed(env)
    clients = [_login_page(base) for _ in range(30)]
    barrier = threading.Barrier(30)

    def guess(i):
        b, fields = clients[i]
        barrier.wait(timeout=60)
        return b.post("/accounts/login/", {**fields, "username": "victim", "password": f"wrong-{i}"})

    with ThreadPoolExecutor(30) as pool:
        answers = list(pool.map(guess, range(30)))
    evaluated = sum("用户名或密码不正确" in html for _, _, html in answers)
    locked = sum("登录失败次数过多" in html for _, _, html in answers)
    # a request the server could not take while the database was busy is answered 503 "请稍后重试" and
    # evaluates nothing (serving.busy); every other answer is a refused guess or the lockout
    busy = sum(status == 503 for status, _, _ in answers)
    assert evaluated <= 5, f"{evaluated} guesses evaluated against a lockout of 5"
    assert evaluated + locked + busy == 30, sorted(status for status, _, _ in answers)
    assert locked >= 30 - 5 - busy
    b, fields = _login_page(base)
    status, _, html = b.post("/accounts/login/", {**fields, "username": "victim", "password": PASSWORD})
    assert status == 200 and "登录失败次数过多" in html  # the right password no longer helps


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def test_forty_concurrent_logins_keep_memory_bounded(prod_server):
    """40 concurrent unauthenticated logins (random usernames): the hash runs at most two at a time per
    process, so the server's peak memory grows by at most 2 processes × 2 × 46 MiB plus slack."""
    base, env = prod_server(workers=2, threads=8, GONGKAI_LOGIN_IP_LIMIT=1000)
    clients = [_login_page(base) for _ in range(40)]
    pids = set(_server_pids(base))
    master = next(p for p in pids if _parent(p) not in pids)
    workers = launch.children(master)
    assert len(workers) == 2
    before = {w: _status_kib(w, "VmRSS") for w in workers}
    barrier = threading.Barrier(40)

    def attempt(i):
        b, fields = clients[i]
        barrier.wait(timeout=60)
        return b.post("/accounts/login/", {**fields, "username": f"rand-{uuid.uuid4().hex[:8]}", "password": "x"})[0]

    with ThreadPoolExecutor(40) as pool:
        assert set(pool.map(attempt, range(40))) == {200}
    growth = sum(_status_kib(w, "VmHWM") - before[w] for w in workers) * 1024
    assert growth <= (2 * 2 * 46 + 120) * MiB, f"peak memory grew by {growth / MiB:.0f} MiB"


def _server_pids(base: str):
    port = base.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(arg.endswith(f"127.0.0.1:{port}".encode()) for arg in cmd):
                yield int(proc.name)


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
