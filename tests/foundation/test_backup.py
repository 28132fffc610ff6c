from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError


def counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()
            if m._meta.app_label not in ("contenttypes", "sessions", "admin", "auth")}


@pytest.mark.django_db(transaction=True)
def test_backup_restores_every_table_and_the_uploaded_files(tmp_path, settings, demo_data):
    from gongkai.applications.storage import private_root

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGKAI_PRIVATE_ROOT = tmp_path / "private"
    (private_root() / "applications" / "1").mkdir(parents=True)
    (private_root() / "applications" / "1" / "a.pdf").write_bytes(b"%PDF-1.4 private")
    (settings.MEDIA_ROOT / "disclosures").mkdir(parents=True)
    (settings.MEDIA_ROOT / "disclosures" / "b.pdf").write_bytes(b"%PDF-1.4 public")
    before = counts()
    target = tmp_path / "backup.tar.gz"
    call_command("backup", str(target), stdout=StringIO())
    with pytest.raises(CommandError, match="已有数据"):
        call_command("restore", str(target), stdout=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    for f in (private_root() / "applications" / "1" / "a.pdf", settings.MEDIA_ROOT / "disclosures" / "b.pdf"):
        f.unlink()
    assert counts()["agencies.Agency"] == 0
    call_command("restore", str(target), stdout=StringIO())
    assert counts() == before
    assert (private_root() / "applications" / "1" / "a.pdf").read_bytes() == b"%PDF-1.4 private"
    assert (settings.MEDIA_ROOT / "disclosures" / "b.pdf").read_bytes() == b"%PDF-1.4 public"


@pytest.mark.django_db
def test_restore_refuses_a_broken_file(tmp_path):
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(CommandError, match="损坏"):
        call_command("restore", str(bad), stdout=StringIO())


@pytest.mark.django_db
def test_restore_refuses_paths_outside_its_folders(tmp_path):
    import io
    import tarfile

    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        for name, data in (("data.json", b"[]"), ("private/../../etc/x", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="不安全的路径"):
        call_command("restore", str(evil), stdout=StringIO())
