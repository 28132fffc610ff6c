"""Odd query parameters get a normal page or a 404, never a 500."""

import pytest

BAD = ["x", "²", "0", "99999", "-1", "1e3", "１２"]


@pytest.fixture
def demo(db, demo_data):
    """The demo data (loaded once per session: tests/demo_snapshot.py)."""


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD)
def test_public_pages_with_bad_numbers(client, demo, value):
    for url in (f"/open/search/?q=统计&year={value}&page={value}&node={value}", f"/open/luzhou-tjj/items/?year={value}&page={value}"):
        resp = client.get(url)
        assert resp.status_code in (200, 301, 302, 404), (url, resp.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD)
def test_staff_pages_with_bad_numbers(client, demo, value):
    from gongkai.accounts.models import User

    client.force_login(User.objects.get(username="officer"))
    for url in (f"/work/disclosures/?agency={value}", f"/work/disclosures/late/?year={value}",
                f"/work/disclosures/new/?agency={value}"):
        resp = client.get(url)
        assert resp.status_code in (200, 302, 403, 404), (url, resp.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "message"), [
    ("ledger.xlsx", b"not a zip at all", "不符"),
    ("ledger.csv", b"a,b\n", "类型不支持"),
    ("ledger.xlsx", b"", "空文件"),
])
def test_ledger_import_checks_the_file_before_reading_it(client, demo, name, data, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.accounts.models import User
    from gongkai.agencies.models import Agency

    client.force_login(User.objects.get(username="officer"))
    agency = Agency.objects.get(slug="luzhou-tjj")
    resp = client.post("/work/disclosures/import/", {"agency": agency.pk, "file": SimpleUploadedFile(name, data)})
    assert resp.status_code == 200 and message in resp.content.decode()
