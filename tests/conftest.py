import datetime as dt
import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO = Path(__file__).resolve().parents[1]


# The shared folder (docs, fixtures) sits beside the repository clone, here and in CI.
SHARED = Path(os.environ.get("GONGKAI_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "fixtures").exists():
        pytest.fail(f"找不到共享的 fixtures 目录：{SHARED}（应位于仓库旁边的 shared/）")
    return SHARED


@pytest.fixture
def agency_tree(db):
    """A city government with two departments, and a county government below it with one department."""
    from gongkai.agencies.models import Agency, Kind, Level

    city = Agency.objects.create(name="测试市人民政府", slug="t-city", level=Level.CITY, kind=Kind.GOVERNMENT)
    dept = Agency.objects.create(name="测试市统计局", slug="t-stats", parent=city)
    other = Agency.objects.create(name="测试市生态环境局", slug="t-env", parent=city)
    county = Agency.objects.create(
        name="测试县人民政府", slug="t-county", parent=city, level=Level.COUNTY, kind=Kind.GOVERNMENT
    )
    county_dept = Agency.objects.create(name="测试县教育局", slug="t-county-edu", parent=county, level=Level.COUNTY)
    return {"city": city, "dept": dept, "other": other, "county": county, "county_dept": county_dept}


@pytest.fixture
def make_user(db):
    from gongkai.accounts.models import User
    from gongkai.agencies.models import Membership

    counter = {"n": 0}

    def make(agency=None, role="officer", username=None, password="Pw-for-tests-2026", **extra):
        counter["n"] += 1
        user = User.objects.create_user(username=username or f"u{counter['n']}_{role}", password=password, **extra)
        if agency is not None:
            Membership.objects.create(user=user, agency=agency, role=role)
        return user

    return make


@pytest.fixture
def calendar(db):
    from gongkai.workcalendar.service import clear_cache, get_calendar

    clear_cache()
    return get_calendar()


@pytest.fixture
def today():
    return dt.date.today()
