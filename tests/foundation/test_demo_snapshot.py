"""The session's demo copy (tests/demo_snapshot.py) gives a test exactly the rows `gongkai demo` left."""

import pytest


@pytest.mark.django_db
def test_the_restored_demo_reads_back_as_captured(demo_tables, demo_data):
    import demo_snapshot

    from gongkai.agencies.models import Agency
    from gongkai.applications.models import Application

    again = [demo_snapshot.read(model) for model in demo_snapshot.models()]
    assert [(t.name, t.rows) for t in again] == [(t.name, t.rows) for t in demo_tables]
    assert Agency.objects.filter(slug="luzhou-tjj").exists()
    assert Application.objects.count() == next(len(t.rows) for t in demo_tables if t.name == Application._meta.db_table) > 100


@pytest.mark.django_db
def test_a_restore_replaces_what_the_test_had_written(demo_tables, agency_tree):
    import demo_snapshot

    from gongkai.agencies.models import Agency

    demo_snapshot.restore(demo_tables)
    assert not Agency.objects.filter(slug="t-city").exists()
    assert Agency.objects.filter(slug="luzhou-tjj").exists()
