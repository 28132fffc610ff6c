"""Appeal records through the pages: create with validation, tenancy, journal."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.appeals import actions
from gongkai.appeals.models import Appeal
from gongkai.journal.models import Event


@pytest.fixture
def officers(agency_tree, make_user):
    return make_user(agency_tree["dept"], "officer"), make_user(agency_tree["other"], "officer")


def test_create_edit_and_list(client, officers, agency_tree):
    mine, _ = officers
    client.force_login(mine)
    resp = client.post(reverse("appeals:create"), {"agency": agency_tree["dept"].pk, "kind": "reconsideration",
                                                  "filed_on": "2026-04-01", "result": "upheld"})
    assert "请填写审结日期" in resp.content.decode() and Appeal.objects.count() == 0
    resp = client.post(reverse("appeals:create"), {"agency": agency_tree["dept"].pk, "kind": "reconsideration",
                                                  "filed_on": "2026-04-01", "result": "pending", "case_no": "泸复〔2026〕1号"})
    assert resp.status_code == 302
    appeal = Appeal.objects.get()
    client.post(reverse("appeals:edit", args=[appeal.pk]), {"kind": "reconsideration", "filed_on": "2026-04-01",
                                                            "result": "corrected", "closed_on": "2026-06-01",
                                                            "case_no": "泸复〔2026〕1号"})
    appeal.refresh_from_db()
    assert appeal.result == "corrected"
    assert list(Event.objects.for_object(appeal).values_list("action", flat=True).order_by("id")) == [
        "appeal.created", "appeal.updated"]
    assert "泸复〔2026〕1号" in client.get(reverse("appeals:list")).content.decode()


def test_other_agency_cannot_see_or_edit(client, officers, agency_tree):
    mine, theirs = officers
    appeal = actions.create(mine, agency_tree["dept"], {"kind": "lawsuit_direct", "filed_on": dt.date(2026, 5, 1),
                                                         "result": "pending", "case_no": "SECRET-1"})
    client.force_login(theirs)
    assert client.get(reverse("appeals:edit", args=[appeal.pk])).status_code == 404
    assert "SECRET-1" not in client.get(reverse("appeals:list")).content.decode()
    with pytest.raises(Exception, match="权限"):
        actions.update(theirs, appeal, {"result": "upheld", "closed_on": dt.date(2026, 6, 1)})
    with pytest.raises(ValidationError):
        actions.update(mine, appeal, {"result": "pending", "closed_on": dt.date(2026, 4, 1), "filed_on": appeal.filed_on})


@pytest.mark.parametrize("year", ["0", "99999", "²", "x", "2026abc", "-1", ""])
def test_list_ignores_bad_years(client, officers, year):
    client.force_login(officers[0])
    resp = client.get(reverse("appeals:list"), {"year": year})
    assert resp.status_code == 200


def test_choices_follow_the_table4_format():
    from gongkai.appeals.models import AppealKind, AppealResult
    from gongkai.rules.formats import TABLE4_GROUPS, TABLE4_RESULTS, TABLE4_SUPER_GROUP

    assert [k for k, _ in AppealKind.choices] == [g[0] for g in TABLE4_GROUPS]
    for (key, label), group in zip(AppealKind.choices, TABLE4_GROUPS, strict=True):
        assert group[1] in label and (key == "reconsideration" or label.startswith(TABLE4_SUPER_GROUP))
    results = [r for r in TABLE4_RESULTS if r[0] != "total"]
    assert [k for k, _ in AppealResult.choices] == [r[0] for r in results]
    assert all(label in r[1] for (_, label), r in zip(AppealResult.choices, results, strict=True))
    assert dict(AppealResult.choices)["upheld"] == "维持"
