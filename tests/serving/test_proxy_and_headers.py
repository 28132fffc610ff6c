"""Behind a proxy: the client address only through trusted proxies; security headers; no-store on staff
pages; the database settings every SQLite URL gets."""

from __future__ import annotations

import pytest
from django.test import override_settings

from gongkai.serving.proxy import client_address

TRUSTED = ("127.0.0.1", "10.0.0.0/24")


@pytest.mark.parametrize("peer, xff, expected", [
    ("10.0.0.5", "203.0.113.9", "203.0.113.9"),  # through the proxy: the client
    ("10.0.0.5", "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # a forged first hop is ignored
    ("10.0.0.5", "203.0.113.9, 10.0.0.7", "203.0.113.9"),  # two proxies of ours
    ("203.0.113.50", "1.2.3.4", "203.0.113.50"),  # not through a proxy: the header is not believed
    ("10.0.0.5", "not-an-ip", "10.0.0.5"),
    ("10.0.0.5", "", "10.0.0.5"),
    ("10.0.0.5", "2001:db8::1", "2001:db8::1"),
])
def test_client_address(peer, xff, expected):
    assert client_address(peer, xff, TRUSTED) == expected


@pytest.mark.django_db
def test_middleware_sets_remote_addr_and_drops_untrusted_forwarding_headers(client, settings):
    from django.http import JsonResponse
    from django.urls import path

    def echo(request):
        return JsonResponse({"ip": request.META["REMOTE_ADDR"], "proto": request.META.get("HTTP_X_FORWARDED_PROTO")})

    urls = type("urls", (), {"urlpatterns": [path("echo", echo)]})
    settings.GONGKAI_TRUSTED_PROXIES = ["10.0.0.0/24"]
    with override_settings(ROOT_URLCONF=urls):
        through = client.get("/echo", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9",
                             HTTP_X_FORWARDED_PROTO="https").json()
        direct = client.get("/echo", REMOTE_ADDR="198.51.100.3", HTTP_X_FORWARDED_FOR="203.0.113.9",
                            HTTP_X_FORWARDED_PROTO="https").json()
    assert through == {"ip": "203.0.113.9", "proto": "https"}
    assert direct == {"ip": "198.51.100.3", "proto": None}


@pytest.mark.django_db
def test_security_headers_on_public_and_staff_pages(client, make_user, agency_tree):
    home = client.get("/")
    csp = home["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert home["Referrer-Policy"] == "same-origin" and "Server" not in home
    assert "no-store" not in home.get("Cache-Control", "")
    assert "no-store" in client.get("/accounts/login/")["Cache-Control"]
    client.force_login(make_user(agency_tree["dept"]))
    assert "no-store" in client.get("/work/")["Cache-Control"]
    assert "no-store" in client.get("/")["Cache-Control"]  # anything shown to a signed-in user


def test_no_inline_script_in_any_template():
    """The CSP allows scripts from our own files only: no inline <script> blocks or on* handlers."""
    import re
    from pathlib import Path

    import gongkai

    offenders = []
    for tpl in Path(gongkai.__file__).parent.glob("**/templates/**/*.html"):
        text = tpl.read_text(encoding="utf-8")
        for m in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in m.group(0):
                offenders.append(f"{tpl.name}: {m.group(0)}")
        offenders += [f"{tpl.name}: {h}" for h in re.findall(r"\son[a-z]+\s*=\s*[\"']", text)]
        offenders += [f"{tpl.name}: javascript: URL" for _ in re.findall(r"javascript:", text)]
    assert offenders == []


def test_any_sqlite_database_url_gets_wal_busy_timeout_and_immediate(monkeypatch, tmp_path):
    from gongkai import settings as s

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/other.sqlite3")
    db = s.database_from_env()
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE" and db["OPTIONS"]["timeout"] == 20
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"] and "busy_timeout=20000" in db["OPTIONS"]["init_command"]


def test_postgres_gets_a_bounded_pool_in_production(monkeypatch):
    from gongkai import settings as s

    monkeypatch.setenv("DATABASE_URL", "postgres://u@127.0.0.1:5432/x")
    monkeypatch.setenv("GONGKAI_DB_POOL", "1")
    monkeypatch.setenv("GONGKAI_DB_POOL_MAX", "6")
    db = s.database_from_env()
    assert db["OPTIONS"]["pool"]["max_size"] == 6 and db["CONN_MAX_AGE"] == 0
    monkeypatch.setenv("GONGKAI_DB_POOL", "0")
    db = s.database_from_env()
    assert "pool" not in db.get("OPTIONS", {}) and db["CONN_MAX_AGE"] == 60 and db["CONN_HEALTH_CHECKS"]
