"""PostgreSQL only: the platform's connections run with JIT off (settings.DATABASES OPTIONS "-c jit=off"):
its short grouped queries spent most of their time compiling (the dashboard's 政策解读 query ~75%)."""

import pytest
from django.db import connection


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL setting")
@pytest.mark.django_db
def test_jit_is_off_on_the_apps_connections():
    with connection.cursor() as cur:
        cur.execute("SHOW jit")
        assert cur.fetchone()[0] == "off"


def test_an_options_string_from_the_url_is_kept(monkeypatch):  # settings only: runs on every database
    from gongkai import settings

    monkeypatch.setenv("DATABASE_URL", "postgres://u@127.0.0.1:5432/x?options=-c%20statement_timeout%3D5000")
    assert settings.database_from_env()["OPTIONS"]["options"] == "-c jit=off -c statement_timeout=5000"
