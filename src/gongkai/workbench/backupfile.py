"""The backup archive: a .tar.gz holding `data.json` (every table, portable JSON), the uploaded files and a
`manifest.json` (format, version, applied migrations, size and SHA-256 of every other member).

`write_archive` makes one; `check_archive` validates a whole archive — format, version, checksums, paths,
JSON, models, migrations — and stages its members in a folder, so that a restore touches the live database
only once everything is known to be sound."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "gongkai-backup"
VERSION = 2
MANIFEST = "manifest.json"
DATA = "data.json"
CHUNK = 1 << 20


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _add(tar: tarfile.TarFile, name: str, payload: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(payload), int(time.time())
    tar.addfile(info, io.BytesIO(payload))


def write_archive(path: Path, data: bytes, roots: dict[str, Path]) -> int:
    """Write the archive to `path`; returns the number of uploaded files in it."""
    members = {DATA: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}}
    with tarfile.open(path, "w:gz") as tar:
        _add(tar, DATA, data)
        for name, root in roots.items():
            if not root.is_dir():
                continue
            for f in sorted(p for p in root.rglob("*") if p.is_file()):
                payload = f.read_bytes()
                arcname = f"{name}/{f.relative_to(root).as_posix()}"
                _add(tar, arcname, payload)
                members[arcname] = {"size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
        manifest = {"format": FORMAT, "version": VERSION, "created": int(time.time()),
                    "database": connection.vendor, "migrations": applied_migrations(), "members": members}
        _add(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return len(members) - 1


@dataclass
class Staged:
    """A validated archive, unpacked: `data` is the staged data.json, `files` maps (root, relative path) to the
    staged copy of each uploaded file."""

    data: Path
    files: list[tuple[str, PurePosixPath, Path]]
    manifest: dict


def _fail(message: str) -> CommandError:
    return CommandError(f"备份文件无效，未做任何改动：{message}", returncode=2)


def _safe_name(name: str, roots: dict[str, Path]) -> PurePosixPath:
    parts = PurePosixPath(name).parts
    if name in (DATA, MANIFEST):
        return PurePosixPath(name)
    if name.startswith("/") or ".." in parts or len(parts) < 2 or parts[0] not in roots:
        raise CommandError(f"备份文件含有不安全的路径：{name}", returncode=2)
    return PurePosixPath(name)


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        raw = tar.extractfile(MANIFEST).read()
        manifest = json.loads(raw.decode("utf-8"))
    except KeyError:
        raise _fail("没有 manifest.json（不是 gongkai 备份，或是旧版备份，请用当前版本重新备份）") from None
    except (ValueError, UnicodeDecodeError, AttributeError):
        raise _fail("manifest.json 不是有效的 JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _fail("不是 gongkai 备份（格式标记不符）")
    if manifest.get("version") != VERSION:
        raise _fail(f"备份格式版本为 {manifest.get('version')!r}，本程序只能恢复版本 {VERSION}")
    if not isinstance(manifest.get("members"), dict) or not isinstance(manifest.get("migrations"), dict):
        raise _fail("manifest.json 缺少文件清单或迁移记录")
    return manifest


def _check_migrations(manifest: dict) -> None:
    here = applied_migrations()
    for app, names in manifest["migrations"].items():
        missing = sorted(set(names or []) - set(here.get(app, [])))
        if missing:
            raise _fail(f"备份来自更新的版本（本数据库缺少迁移 {app}.{missing[0]}），请先升级并执行 migrate")


def _check_data(path: Path) -> None:
    try:
        records = json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise _fail("data.json 不是有效的 JSON") from None
    if not isinstance(records, list):
        raise _fail("data.json 不是记录列表")
    for i, rec in enumerate(records, 1):
        if not isinstance(rec, dict) or not isinstance(rec.get("model"), str) or not isinstance(rec.get("fields"), dict):
            raise _fail(f"data.json 第 {i} 条记录格式不对")
        try:
            apps.get_model(rec["model"])
        except (LookupError, ValueError):
            raise _fail(f"data.json 第 {i} 条记录的数据表 {rec['model']} 不存在") from None


def check_archive(path: Path, staging: Path, roots: dict[str, Path]) -> Staged:
    """Validate the whole archive at `path`, unpacking it into `staging`; raise CommandError on any defect."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = tar.getmembers()
            for m in members:  # refuse anything that would land outside its folder, before reading anything
                _safe_name(m.name, roots)
            manifest = _read_manifest(tar)
            listed = manifest["members"]
            seen: set[str] = set()
            files: list[tuple[str, PurePosixPath, Path]] = []
            for i, m in enumerate(members):
                if m.name == MANIFEST:
                    continue
                name = _safe_name(m.name, roots)
                if not m.isfile() or m.name in seen or m.name not in listed:
                    raise _fail(f"成员 {m.name} 不在清单中、重复或不是普通文件")
                seen.add(m.name)
                target = staging / (DATA if m.name == DATA else f"{i:06d}")
                digest, size = hashlib.sha256(), 0
                with tar.extractfile(m) as src, target.open("wb") as out:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                want = listed[m.name] if isinstance(listed[m.name], dict) else {}
                if size != want.get("size") or digest.hexdigest() != want.get("sha256"):
                    raise _fail(f"{m.name} 的校验和不符（文件已损坏或被改动）")
                if m.name != DATA:
                    files.append((name.parts[0], PurePosixPath(*name.parts[1:]), target))
            if DATA not in seen:
                raise _fail("备份文件中没有 data.json")
            absent = sorted(set(listed) - seen)
            if absent:
                raise _fail(f"清单中的 {absent[0]} 不在备份文件里（文件不完整）")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise _fail(f"备份文件已损坏或不是 gongkai 备份（{exc.__class__.__name__}）") from None
    data = staging / DATA
    _check_data(data)
    _check_migrations(manifest)
    return Staged(data=data, files=files, manifest=manifest)
