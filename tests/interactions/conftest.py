import pytest


@pytest.fixture(autouse=True)
def _fast_hashes_and_fresh_limits(settings):
    """A fast password hasher for query passwords in tests, and rate-limit counters reset per test."""
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from gongkai.interactions import actions

    actions._DUMMY_HASH.clear()
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(agency_tree, make_user):
    """Mailbox staff of the statistics bureau (dept) and an officer of another agency (other)."""
    dept = agency_tree["dept"]
    return {
        "officer": make_user(dept, "officer", username="tj_officer", full_name="王专员", email="officer@example.cn"),
        "reviewer": make_user(dept, "reviewer", username="tj_reviewer", full_name="李审核", email="rev@example.cn"),
        "stranger": make_user(agency_tree["other"], "officer", username="env_officer"),
        "stranger_reviewer": make_user(agency_tree["other"], "reviewer", username="env_reviewer"),
        "supervisor": make_user(agency_tree["city"], "supervisor", username="city_supervisor"),
        "auditor": make_user(agency_tree["dept"], "auditor", username="tj_auditor"),
    }


@pytest.fixture
def write_letter(agency_tree):
    from gongkai.applications import passwords
    from gongkai.interactions import actions

    known = passwords.make("secret-123")  # the platform generates a letter's password; tests use a known one

    def write(agency=None, **overrides):
        values = dict(category="咨询", writer_name="张三丰", phone="13812345678", email="zsf@example.com",
                      subject="统计年鉴如何获取", body="请问统计年鉴在哪里查阅？我的电话13812345678。",
                      consent_publish=True, password_hash=known)
        values.update(overrides)
        return actions.submit_letter(actions.PUBLIC_ACTOR, agency or agency_tree["dept"], **values)

    return write
