"""`gongkai migrate` (workbench/management/commands/migrate.py) still tells what Django's migrate tells:
its Chinese progress replaces Django's English lines at the default verbosity, but never hides a warning
or says the database was changed when it was not."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.migrations.autodetector import MigrationAutodetector


@pytest.mark.django_db
def test_model_changes_without_a_migration_are_still_reported(monkeypatch):
    # a model edited without `makemigrations`: Django's migrate says so when nothing is left to apply
    monkeypatch.setattr(MigrationAutodetector, "changes", lambda self, graph, **kw: {"reports": [object()]})
    out = io.StringIO()
    call_command("migrate", interactive=False, stdout=out)
    text = out.getvalue()
    assert "数据库已是最新" in text
    assert "makemigrations" in text and "reports" in text
    assert "尚未生成迁移" in text


@pytest.mark.django_db
def test_an_up_to_date_database_without_model_changes_says_only_that():
    out = io.StringIO()
    call_command("migrate", interactive=False, stdout=out)
    assert out.getvalue().strip() == "数据库已是最新，无需迁移。"


@pytest.mark.django_db
@pytest.mark.parametrize("option", ["fake", "fake_initial"])
def test_fake_says_faked_not_updated(option):
    # the migration is unrecorded (its table stays): --fake / --fake-initial only record it again
    call_command("migrate", "sessions", "zero", fake=True, verbosity=0)
    out = io.StringIO()
    call_command("migrate", interactive=False, stdout=out, **{option: True})
    text = out.getvalue()
    assert "sessions.0001_initial... FAKED" in text
    assert "数据库已更新" not in text


@pytest.mark.django_db
def test_a_failing_migration_is_named(monkeypatch):
    # Django's own output names each migration before applying it ("Applying app.0003_x..."), so a
    # traceback always follows the name of the one that failed; the Chinese progress names only apps
    from django.db.migrations.executor import MigrationExecutor

    call_command("migrate", "sessions", "zero", fake=True, verbosity=0)

    def broken(self, state, migration, fake=False, fake_initial=False):
        self.progress_callback("apply_start", migration, fake)
        raise RuntimeError("column already exists")

    monkeypatch.setattr(MigrationExecutor, "apply_migration", broken)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(RuntimeError):
        call_command("migrate", interactive=False, stdout=out, stderr=err)
    assert "[1/1] 会话（1 个迁移）…" in out.getvalue()
    assert "sessions.0001_initial" in err.getvalue() and "出错" in err.getvalue()
