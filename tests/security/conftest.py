"""A production server (gunicorn, `gongkai serve --production`) on a throw-away SQLite database, migrated
once per test session and copied for each test."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from gongkai.serving import launch


@pytest.fixture(scope="session")
def migrated_var() -> Path:
    return launch.migrated_sqlite()


@pytest.fixture(scope="session")
def static_root() -> Path:
    return launch.collected_static()


@pytest.fixture
def prod_server(migrated_var, static_root, tmp_path):
    """prod_server(**env) -> base URL of a running production server with its own copy of the database."""
    started = []

    def start(workers=2, threads=8, **extra_env):
        var = tmp_path / f"var{len(started)}"
        shutil.copytree(migrated_var, var, ignore=shutil.ignore_patterns(".complete"))
        port = launch.free_port()
        env = launch.production_env(var, GONGKAI_STATIC_ROOT=static_root, **extra_env)
        proc = launch.serve(env, port, tmp_path / f"server{len(started)}.log", workers=workers, threads=threads)
        started.append(proc)
        return f"http://127.0.0.1:{port}", env

    yield start
    for proc in started:  # a throw-away server: killed at once, not stopped gracefully (2–3 s each)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.stop()


def pytest_collection_modifyitems(config, items):
    """The long fuzz runs only when asked for by marker (`-m fuzz_long`), like `deploy` in the Makefile."""
    if "fuzz_long" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="长时模糊测试：用 pytest -m fuzz_long 运行")
    for item in items:
        if item.get_closest_marker("fuzz_long") and "not fuzz_long" not in (config.option.markexpr or ""):
            item.add_marker(skip)
