"""Issue 15.1: `gongkai restore --force` with a bad backup must leave the live database untouched.

The whole backup is validated (format, version, checksums, JSON) before anything is written, and the data is
replaced in one transaction: every defect below leaves every table's row count as it was. Runs on SQLite and,
with DATABASE_URL=postgres://…, on PostgreSQL — the tests do not depend on the data member's format (data.json
on SQLite, a pg_dump `database.dump` on PostgreSQL): they read its name from the manifest."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import RequestFactory


def counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}


def rewrite(src: Path, dst: Path, change) -> Path:
    """Copy the backup `src` to `dst`, passing every member's (name, bytes) through `change`, which returns the
    new bytes (or None to leave the member out)."""
    with tarfile.open(src, "r:gz") as tin, tarfile.open(dst, "w:gz") as tout:
        for m in tin.getmembers():
            payload = change(m.name, tin.extractfile(m).read())
            if payload is None:
                continue
            info = tarfile.TarInfo(m.name)
            info.size = len(payload)
            tout.addfile(info, io.BytesIO(payload))
    return dst


def data_member(backup: Path) -> tuple[str, bytes]:
    """The name (from the manifest) and the bytes of a backup's data member."""
    with tarfile.open(backup, "r:gz") as tar:
        name = json.loads(tar.extractfile("manifest.json").read()).get("data", "data.json")
        return name, tar.extractfile(name).read()


def with_data(name_of_data: str, new_data: bytes, fix_checksum: bool):
    """A change that replaces the data member (and, if asked, updates the manifest so that the checksum matches)."""

    def change(name, payload):
        if name == name_of_data:
            return new_data
        if name == "manifest.json" and fix_checksum:
            manifest = json.loads(payload)
            manifest["members"][name_of_data] = {"size": len(new_data), "sha256": hashlib.sha256(new_data).hexdigest()}
            return json.dumps(manifest).encode()
        return payload

    return change


def bump_version(name, payload):
    if name == "manifest.json":
        manifest = json.loads(payload)
        manifest["version"] = 99
        return json.dumps(manifest).encode()
    return payload


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1:]


CORRUPTIONS = {
    "data member is garbage, checksum mismatch": lambda n, data: with_data(n, b"{not json", fix_checksum=False),
    "data member is garbage, checksum matches": lambda n, data: with_data(n, b"{not json", fix_checksum=True),
    "data member cut in half, checksum matches": lambda n, data: with_data(n, data[: len(data) // 2], True),
    "one byte of the data member flipped": lambda n, data: with_data(n, flip(data, len(data) - 2), False),
    "unknown format version": lambda n, data: bump_version,
    "no manifest": lambda n, data: (lambda name, payload: None if name == "manifest.json" else payload),
    "data member missing": lambda n, data: (lambda name, payload: None if name == n else payload),
}


def set_membership_agency(pk: int, agency_id: int) -> None:
    """Point a membership at `agency_id` with the database's foreign-key checks off (to make a backup of data
    that cannot be loaded back)."""
    from gongkai.agencies.models import Membership

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SET session_replication_role = replica")
            cur.execute("UPDATE agencies_membership SET agency_id = %s WHERE id = %s", [agency_id, pk])
            cur.execute("SET session_replication_role = DEFAULT")
    else:
        with connection.constraint_checks_disabled():
            Membership.objects.filter(pk=pk).update(agency_id=agency_id)


@pytest.fixture
def live_backup(tmp_path, settings, transactional_db, agency_tree, make_user):
    """Live data in several tables (agencies, users, roles, login attempts, the journal) and its backup."""
    from gongkai.accounts.security import note_attempt
    from gongkai.journal.services import record

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGKAI_PRIVATE_ROOT = tmp_path / "private"
    (settings.GONGKAI_PRIVATE_ROOT / "disclosures").mkdir(parents=True)
    (settings.GONGKAI_PRIVATE_ROOT / "disclosures" / "a.pdf").write_bytes(b"%PDF-1.4 kept")
    for role in ("officer", "reviewer", "supervisor"):
        user = make_user(agency_tree["dept"], role)
        with transaction.atomic():
            record("test.event", actor=user, obj=user, agency=agency_tree["dept"])
        note_attempt(RequestFactory().post("/accounts/login/"), user.username, success=False)
    target = tmp_path / "good.tar.gz"
    call_command("backup", str(target), stdout=StringIO())
    return target


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_a_corrupt_backup_changes_no_table(live_backup, tmp_path, corruption):
    good = live_backup
    name, data = data_member(good)
    assert name == ("database.dump" if connection.vendor == "postgresql" else "data.json")
    before = counts()
    assert before["agencies.Agency"] == 5 and before["agencies.Membership"] == 3 and before["journal.Event"] >= 6
    bad = rewrite(good, tmp_path / "bad.tar.gz", CORRUPTIONS[corruption](name, data))
    with pytest.raises(CommandError) as err:
        call_command("restore", str(bad), "--force", stdout=StringIO())
    assert "未" in str(err.value) and err.value.returncode == 2
    assert counts() == before


def test_a_backup_that_fails_half_way_through_loading_changes_no_table(live_backup, tmp_path):
    """A sound archive (checksums match, the dump lists) whose data break a foreign key: the load gets as far as
    the constraint, fails there, and everything it did before is rolled back."""
    from gongkai.agencies.models import Agency, Membership

    victim = Membership.objects.order_by("pk").first()
    set_membership_agency(victim.pk, 999_999_999)
    bad = tmp_path / "dangling.tar.gz"
    call_command("backup", str(bad), stdout=StringIO())
    set_membership_agency(victim.pk, victim.agency_id)
    marker = Agency.objects.create(name="恢复失败后仍应存在的单位", slug="still-here")
    before = counts()
    with pytest.raises(CommandError) as err:
        call_command("restore", str(bad), "--force", stdout=StringIO())
    assert "恢复失败，数据库未作任何改动" in str(err.value) and err.value.returncode == 2
    assert counts() == before
    assert Agency.objects.filter(pk=marker.pk).exists()
    assert Membership.objects.get(pk=victim.pk).agency_id == victim.agency_id


def test_a_truncated_backup_changes_no_table(live_backup, tmp_path):
    good = live_backup
    before = counts()
    bad = tmp_path / "cut.tar.gz"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(CommandError, match="损坏"):
        call_command("restore", str(bad), "--force", stdout=StringIO())
    assert counts() == before


def test_a_good_backup_replaces_the_data_with_force(live_backup):
    from gongkai.agencies.models import Agency

    good = live_backup
    before = counts()
    Agency.objects.create(name="备份之后新建的单位", slug="after-backup")
    call_command("restore", str(good), "--force", stdout=StringIO())
    assert not Agency.objects.filter(slug="after-backup").exists()
    assert {k: v for k, v in counts().items() if k != "sessions.Session"} == \
        {k: v for k, v in before.items() if k != "sessions.Session"}


def test_a_dump_is_not_restored_over_tables_it_does_not_know(live_backup):
    """PostgreSQL: `pg_restore --clean` drops only the dump's objects, so a table from a newer version would
    survive beside an older schema; the restore refuses instead, before touching anything."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (SQLite backups are JSON loaded into this database's own tables)")
    good = live_backup
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE zz_from_a_newer_version (id integer)")
    try:
        before = counts()
        with pytest.raises(CommandError) as err:
            call_command("restore", str(good), "--force", stdout=StringIO())
        assert "zz_from_a_newer_version" in str(err.value) and "未做任何改动" in str(err.value)
        assert err.value.returncode == 2 and counts() == before
    finally:
        with connection.cursor() as cur:
            cur.execute("DROP TABLE zz_from_a_newer_version")
