import datetime as dt

import pytest

PERSON = {
    "applicant_type": "natural_person", "applicant_name": "张三", "id_type": "id_card",
    "id_number": "510502199001191234", "phone": "13800001234", "email": "zhangsan@example.com",
    "address": "四川省泸州市江阳区某路1号", "info_name": "2025年统计公报", "info_description": "2025年全市统计公报全文",
    "provision_form": "electronic", "delivery_method": "email",
}
COMPANY = {**PERSON, "applicant_type": "business", "applicant_name": "某某科技有限公司", "id_number": "",
           "id_type": "", "credit_code": "91510500MA0000000X"}


@pytest.fixture
def person():
    return dict(PERSON)


@pytest.fixture
def company():
    return dict(COMPANY)


@pytest.fixture
def staff(agency_tree, make_user):
    dept = agency_tree["dept"]
    return {
        "officer": make_user(dept, "officer", username="officer1", full_name="王专员"),
        "reviewer": make_user(dept, "reviewer", username="reviewer1", full_name="李审核"),
        "leader": make_user(dept, "leader", username="leader1"),
        "other_officer": make_user(agency_tree["other"], "officer", username="env_officer"),
        "supervisor": make_user(agency_tree["city"], "supervisor", username="city_sup"),
    }


@pytest.fixture
def as_of(monkeypatch):
    """`with as_of(day):` the platform's today is `day` inside the block (a case registered on a date still
    ahead of the real clock: an arrival date may not lie in the future)."""
    import contextlib

    from gongkai.applications import deadlines

    @contextlib.contextmanager
    def at(day: dt.date):
        with monkeypatch.context() as m:
            m.setattr(deadlines, "today", lambda: day)
            yield

    return at


@pytest.fixture
def received(agency_tree, staff, person, calendar):
    """A factory: an application registered in person at the department on a given day."""
    from gongkai.applications import actions

    def make(on=dt.date(2026, 3, 2), data=None, channel="in_person", agency=None):
        agency = agency or agency_tree["dept"]
        actor = staff["officer"] if agency == agency_tree["dept"] else staff["other_officer"]
        app, _ = actions.register(actor, agency, data or person, channel=channel,
                                  arrival=on)
        return app

    return make


@pytest.fixture(autouse=True)
def _immediate_huey_and_clean_cache(settings, immediate_huey):
    """Run huey tasks in-process (immediate mode) and start every test with empty rate-limit counters."""
    from django.core.cache import cache

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = str(settings.VAR_DIR / "test-media")
    settings.GONGKAI_PRIVATE_ROOT = str(settings.VAR_DIR / "test-private")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def replied(received, staff):
    """A case received 2026-03-02 and answered 2026-03-16 as 本机关不掌握 (r4_1)."""
    from .signoff import reply_signed

    def make(outcome="not_held"):
        app = received(dt.date(2026, 3, 2))
        reply_signed(staff["officer"], staff["reviewer"], app, outcome, on=dt.date(2026, 3, 16))
        app.refresh_from_db()
        return app

    return make
