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


@pytest.mark.django_db(transaction=True)
def test_the_data_member_is_the_databases_own_dump(tmp_path, settings, agency_tree):
    """PostgreSQL: a custom-format pg_dump that `pg_restore --list` reads; SQLite: portable JSON. The manifest
    names it and holds its size and checksum."""
    import hashlib
    import json
    import subprocess
    import tarfile

    from django.db import connection

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGKAI_PRIVATE_ROOT = tmp_path / "private"
    target = tmp_path / "b.tar.gz"
    call_command("backup", str(target), stdout=StringIO())
    with tarfile.open(target, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        payload = tar.extractfile(manifest["data"]).read()
    assert manifest["version"] == 3 and manifest["database"] == connection.vendor
    assert manifest["members"][manifest["data"]] == {"size": len(payload),
                                                     "sha256": hashlib.sha256(payload).hexdigest()}
    if connection.vendor == "postgresql":
        assert manifest["data"] == "database.dump" and payload.startswith(b"PGDMP")
        (tmp_path / "d.dump").write_bytes(payload)
        toc = subprocess.run(["pg_restore", "--list", str(tmp_path / "d.dump")], capture_output=True, text=True,
                             check=True).stdout
        assert " TABLE public agencies_agency " in toc and "TABLE DATA public agencies_agency " in toc
        call_command("backup", str(tmp_path / "j.tar.gz"), "--json", stdout=StringIO())
        with tarfile.open(tmp_path / "j.tar.gz", "r:gz") as tar:
            assert json.loads(tar.extractfile("manifest.json").read())["data"] == "data.json"
    else:
        assert manifest["data"] == "data.json"
        assert any(r["model"] == "agencies.agency" for r in json.loads(payload))


@pytest.mark.django_db
def test_a_postgresql_dump_is_refused_on_sqlite(tmp_path):
    import hashlib
    import io
    import json
    import tarfile

    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    dump = b"PGDMP not really"
    manifest = {"format": "gongkai-backup", "version": 3, "data": "database.dump", "migrations": {},
                "members": {"database.dump": {"size": len(dump), "sha256": hashlib.sha256(dump).hexdigest()}}}
    archive = tmp_path / "pg.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in (("database.dump", dump), ("manifest.json", json.dumps(manifest).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="只能恢复到 PostgreSQL"):
        call_command("restore", str(archive), stdout=StringIO())
