import pytest


@pytest.fixture
def demo(demo_data):
    """The demo data (the session's snapshot of `gongkai demo`, tests/demo_snapshot.py)."""
