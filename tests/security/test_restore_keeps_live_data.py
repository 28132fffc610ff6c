"""Issue 15.1: `gongkai restore --force` with a bad backup must leave the live database untouched.

The whole backup is validated (format, version, checksums, JSON) before anything is written, and the data is
replaced in one transaction: every defect below leaves every table's row count as it was. Runs on SQLite and,
with DATABASE_URL=postgres://…, on PostgreSQL."""

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
from django.db import transaction
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


def with_data(new_data: bytes, fix_checksum: bool):
    """A change that replaces data.json (and, if asked, updates the manifest so that the checksum matches)."""

    def change(name, payload):
        if name == "data.json":
            return new_data
        if name == "manifest.json" and fix_checksum:
            manifest = json.loads(payload)
            manifest["members"]["data.json"] = {"size": len(new_data), "sha256": hashlib.sha256(new_data).hexdigest()}
            return json.dumps(manifest).encode()
        return payload

    return change


def bad_record(data: bytes) -> bytes:
    """Valid JSON whose one record points at an agency that does not exist: fails half-way through loading."""
    records = json.loads(data)
    victim = next(r for r in records if r["model"] == "agencies.membership")
    victim["fields"]["agency"] = 999_999_999
    return json.dumps(records).encode()


def bump_version(name, payload):
    if name == "manifest.json":
        manifest = json.loads(payload)
        manifest["version"] = 99
        return json.dumps(manifest).encode()
    return payload


CORRUPTIONS = {
    "data.json is not JSON, checksum mismatch": lambda data: with_data(b"{not json", fix_checksum=False),
    "data.json is not JSON, checksum matches": lambda data: with_data(b"{not json", fix_checksum=True),
    "one record breaks a foreign key": lambda data: with_data(bad_record(data), fix_checksum=True),
    "one byte of data.json flipped": lambda data: with_data(data[:-2] + bytes([data[-2] ^ 1]) + data[-1:], False),
    "unknown format version": lambda data: bump_version,
    "no manifest": lambda data: (lambda name, payload: None if name == "manifest.json" else payload),
    "data.json missing": lambda data: (lambda name, payload: None if name == "data.json" else payload),
}


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
    with tarfile.open(target, "r:gz") as tar:
        data = tar.extractfile("data.json").read()
    return target, data


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_a_corrupt_backup_changes_no_table(live_backup, tmp_path, corruption):
    good, data = live_backup
    before = counts()
    assert before["agencies.Agency"] == 5 and before["agencies.Membership"] == 3 and before["journal.Event"] >= 6
    bad = rewrite(good, tmp_path / "bad.tar.gz", CORRUPTIONS[corruption](data))
    with pytest.raises(CommandError) as err:
        call_command("restore", str(bad), "--force", stdout=StringIO())
    assert "未" in str(err.value) and err.value.returncode == 2
    assert counts() == before


def test_a_truncated_backup_changes_no_table(live_backup, tmp_path):
    good, _ = live_backup
    before = counts()
    bad = tmp_path / "cut.tar.gz"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(CommandError, match="损坏"):
        call_command("restore", str(bad), "--force", stdout=StringIO())
    assert counts() == before


def test_a_good_backup_replaces_the_data_with_force(live_backup):
    from gongkai.agencies.models import Agency

    good, _ = live_backup
    before = counts()
    Agency.objects.create(name="备份之后新建的单位", slug="after-backup")
    call_command("restore", str(good), "--force", stdout=StringIO())
    assert not Agency.objects.filter(slug="after-backup").exists()
    assert {k: v for k, v in counts().items() if k != "sessions.Session"} == \
        {k: v for k, v in before.items() if k != "sessions.Session"}
