from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError


def counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()
            if m._meta.app_label not in ("contenttypes", "sessions", "admin", "auth")}


@pytest.mark.django_db(transaction=True)
def test_backup_restores_everything(tmp_path):
    call_command("demo", stdout=StringIO())
    before = counts()
    target = tmp_path / "backup.json.gz"
    call_command("backup", str(target), stdout=StringIO())
    with pytest.raises(CommandError, match="已有数据"):
        call_command("restore", str(target), stdout=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    assert counts()["agencies.Agency"] == 0
    call_command("restore", str(target), stdout=StringIO())
    assert counts() == before


@pytest.mark.django_db
def test_restore_refuses_a_broken_file(tmp_path):
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"not gzip at all")
    from gongkai.agencies.models import Agency

    Agency.objects.all().delete()
    with pytest.raises(CommandError, match="损坏"):
        call_command("restore", str(bad), stdout=StringIO())
