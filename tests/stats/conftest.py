import pytest


@pytest.fixture
def demo(db, demo_data):
    """The demo data (loaded once per session by tests/demo_snapshot.py, restored into this test's database)."""
