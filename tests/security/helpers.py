"""Data and form helpers shared by the security tests that run against a production server."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from gongkai.serving import launch

PASSWORD = "Pw-for-tests-2026"
PERSON = {
    "applicant_type": "natural_person", "applicant_name": "张三", "id_type": "id_card",
    "id_number": "510502199001191234", "phone": "13800001234", "email": "zhangsan@example.com",
    "address": "四川省泸州市江阳区某路1号", "info_name": "2025年统计公报", "info_description": "2025年全市统计公报全文",
    "provision_form": "electronic", "delivery_method": "email", "confirm": "on",
}


def seed(env: dict) -> int:
    """An agency that takes applications and a staff account `victim`; returns the agency's id."""
    out = launch.shell(env, (
        "from gongkai.agencies.models import Agency, Membership\n"
        "from gongkai.accounts.models import User\n"
        "a = Agency.objects.create(name='测试市统计局', slug='t-stats')\n"
        f"u = User.objects.create_user('victim', password='{PASSWORD}')\n"
        "Membership.objects.create(user=u, agency=a, role='officer')\n"
        "print(a.pk)\n"))
    return int(out.strip().splitlines()[-1])


def apply_form(browser: launch.Browser, agency_id: int) -> dict:
    """GET the application form as this browser; the fields to POST back (csrf and submit token included)."""
    status, _, html = browser.get("/apply/")
    assert status == 200, html[:500]
    fields = browser.form_fields(html)
    assert "token" in fields and "csrfmiddlewaretoken" in fields
    return {**PERSON, **fields, "agency": str(agency_id)}


def count_rows(env: dict, model: str) -> int:
    """Rows of `model` ("gongkai.applications.models.Application") in the server's own SQLite database, read
    directly (a `gongkai shell` for each count cost an interpreter and a Django start: seconds under load)."""
    module, name = model.rsplit(".", 1)
    table = getattr(__import__(module, fromlist=[name]), name)._meta.db_table
    with closing(sqlite3.connect(Path(env["GONGKAI_VAR"]) / "gongkai.sqlite3")) as db:
        return db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
