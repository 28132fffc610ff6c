"""Issue 15 item 11: weak staff passwords are refused with a Chinese message — where a password is set
(accounts.actions, so the admin and the user's own password page alike)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.accounts import actions
from gongkai.accounts.models import User

WEAK = [
    " " * 12,                  # whitespace only
    " " * 20,
    "gongkai2026",             # the platform's name and a year (also too short)
    "Gongkai@2026!",           # the same guess with symbols
    "xinxigongkai2026",
    "woaini1314520",           # pinyin favourite + digits
    "zhongguo@2026",
    "Zhangsan-2026",           # pinyin name
    "12345678901234",          # digits only
    "2026-12-01!!!",           # digits and symbols only
    "abababababab",            # one piece repeated
    "Short-1a",                # too short
    "password12345",           # common word
]


@pytest.fixture
def officer(agency_tree, make_user):
    return make_user(agency_tree["dept"], "officer", username="liming")


@pytest.mark.django_db
@pytest.mark.parametrize("password", WEAK)
def test_weak_passwords_are_refused(officer, password):
    with pytest.raises(ValidationError) as exc:
        actions.set_password(officer, officer, password)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in exc.value.messages), exc.value.messages


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["liming-Stats-77x", "Tstats-pass-9k3q", "测试市统计局-密码-2026x"])
def test_username_or_agency_inside_is_refused(agency_tree, officer, password):
    agency = agency_tree["dept"]
    agency.short_name = "市统计局"
    agency.save()
    with pytest.raises(ValidationError) as exc:
        actions.set_password(officer, officer, password)
    assert "用户名或所在机关" in " ".join(exc.value.messages)


@pytest.mark.django_db
def test_a_strong_password_is_accepted(officer):
    actions.set_password(officer, officer, "Ku8#river-Lamp-Q2")
    officer.refresh_from_db()
    assert officer.check_password("Ku8#river-Lamp-Q2")


@pytest.mark.django_db
def test_own_password_page_refuses_spaces(client, officer):
    client.force_login(officer)
    resp = client.post(reverse("accounts:password_change"), {
        "old_password": "Pw-for-tests-2026", "new_password1": " " * 12, "new_password2": " " * 12})
    assert resp.status_code == 200 and "密码不能全部是空格" in resp.content.decode()
    assert User.objects.get(pk=officer.pk).check_password("Pw-for-tests-2026")
