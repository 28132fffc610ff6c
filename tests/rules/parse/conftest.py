from pathlib import Path

import pytest

OWN = Path(__file__).resolve().parents[2] / "fixtures" / "reports"


@pytest.fixture(scope="session")
def own_fixtures() -> Path:
    return OWN


@pytest.fixture(scope="session")
def seed_text(shared_dir) -> str:
    return (shared_dir / "fixtures/seed/luzhou-statistics-bureau-2020.txt").read_text(encoding="utf-8")
