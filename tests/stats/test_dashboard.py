"""The workbench's 统计看板: scoped to the user's agencies, every linked figure equals the length of its
record list, every table exports to XLSX."""

import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.agencies.scoping import visible_agency_ids
from gongkai.applications.reporting import table3_counts
from gongkai.stats.views import table_keys

DASH = "stats:dashboard"
LINK = re.compile(r'<a href="(/work/stats/records/\?[^"]+)">([^<]+)</a>')


def _login(client, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_every_linked_figure_equals_its_record_count(client, demo):
    _login(client, "supervisor")
    html = client.get(reverse(DASH), {"year": 2020, "full": "1"}).content.decode()
    links = LINK.findall(html)
    tjj = Agency.objects.get(slug="luzhou-tjj")
    assert f'>{tjj.name}<' in html
    nonzero = [(url, value) for url, value in links if value != "0"]
    assert len(links) > 100 and len(nonzero) >= 10
    for url, value in nonzero:
        page = client.get(url.replace("&amp;", "&")).content.decode()
        count = re.search(r'data-count="(\d+)"', page).group(1)
        assert count == value, url
    # the statistics bureau's 2020 received figure is its annual report's (table 3, row 一)
    new = sum(table3_counts([tjj.pk], 2020)["new"].values())
    assert new == 1
    received_url = next(u for u, _ in links if "metric=app_new" in u and f"agency={tjj.pk}&" in u.replace("&amp;", "&"))
    page = client.get(received_url.replace("&amp;", "&")).content.decode()
    assert f'data-count="{new}"' in page


@pytest.mark.django_db
def test_supervisor_sees_its_subtree_an_officer_only_its_agency(client, demo):
    tjj = Agency.objects.get(slug="luzhou-tjj")
    city = Agency.objects.get(slug="luzhou")
    supervisor = _login(client, "supervisor")
    html = client.get(reverse(DASH), {"year": 2020}).content.decode()
    subtree = Agency.objects.filter(path__startswith=city.path)
    assert visible_agency_ids(supervisor) == set(subtree.values_list("id", flat=True))
    for agency in subtree:
        assert f"<th scope=\"row\">{agency.name}</th>" in html
    for username in ("jy_officer", "leader"):
        user = _login(client, username)
        (own,) = Agency.objects.filter(id__in=visible_agency_ids(user))
        html = client.get(reverse(DASH)).content.decode()
        rows = {r for r in re.findall(r'<th scope="row">([^<]+)</th>', html) if not re.fullmatch(r"\d+月|合计", r)}
        assert rows == {own.name}, (username, rows)
        other = tjj if own != tjj else Agency.objects.get(slug="jiangyang-jyj")
        section = reverse("stats:section", args=["applications"])
        for url, params in ((reverse(DASH), {}), (reverse("stats:records"), {"metric": "app_new"}),
                            (reverse("stats:export"), {"table": "applications"}), (section, {})):
            assert client.get(url, {"agency": other.pk, "year": 2020, **params}).status_code == 404
            # the whole-subtree figure of an agency above is refused too
            assert client.get(url, {"agency": city.pk, "scope": "tree", **params}).status_code == 404
        assert client.get(section, {"year": 2020}).status_code == 200  # its own agency's section


@pytest.mark.django_db
def test_every_table_exports_to_xlsx(client, demo):
    import io

    _login(client, "supervisor")
    city = Agency.objects.get(slug="luzhou")
    html = client.get(reverse(DASH), {"year": 2020, "agency": city.pk, "full": "1"}).content.decode()
    for key in table_keys():
        assert f"?table={key}&amp;agency={city.pk}&amp;year=2020" in html
        resp = client.get(reverse("stats:export"), {"table": key, "agency": city.pk, "year": 2020})
        assert resp.status_code == 200, key
        ws = load_workbook(io.BytesIO(resp.content)).active
        rows = list(ws.iter_rows(values_only=True))
        table = re.search(rf'<table class="stats-table" id="table-{key}">(.*?)</table>', html, re.S).group(1)
        assert len(rows) - 1 == len(re.findall(r"<tr>", table.split("<tbody>")[1])) or rows[1:] == [], key
        assert rows[0][0] in ("机关", "月份", "查询码", "标题"), key


@pytest.mark.django_db
def test_bad_parameters_never_500(client, demo):
    _login(client, "supervisor")
    for params, status in (({"year": "abc"}, 200), ({"year": "1800"}, 200), ({"agency": "x"}, 404),
                           ({"agency": "999999"}, 404)):
        assert client.get(reverse(DASH), params).status_code == status, params
    assert client.get(reverse("stats:records"), {"metric": "nope"}).status_code == 404
    assert client.get(reverse("stats:records"), {"metric": "app_new", "month": "13"}).status_code == 200
    assert client.get(reverse("stats:export"), {"table": "nope"}).status_code == 404


@pytest.mark.django_db
def test_staff_without_a_role_is_refused(client, make_user):
    client.force_login(make_user())
    assert client.get(reverse(DASH)).status_code == 403
