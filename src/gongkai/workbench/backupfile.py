"""The backup archive: a .tar.gz holding the data, the uploaded files and a `manifest.json` (format, version,
database, applied migrations, the name of the data member, size and SHA-256 of every other member).

The data member is `database.dump` on PostgreSQL (a custom-format pg_dump, gongkai.workbench.pgdump) and
`data.json` on SQLite (every table, portable JSON; also written on PostgreSQL by `gongkai backup --json`, to
move a site from one database to another).

`write_archive` makes one; `check_archive` validates a whole archive — format, version, checksums, paths,
JSON and models or `pg_restore --list`, migrations — and stages its members in a folder, so that a restore
touches the live database only once everything is known to be sound."""

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
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from gongkai.workbench import pgdump

FORMAT = "gongkai-backup"
VERSION = 3  # 3: the manifest names its data member ("data.json" or "database.dump"); 2: always data.json
READABLE = (2, 3)
MANIFEST = "manifest.json"
DATA = "data.json"
DUMP = pgdump.DUMP
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


def _add_file(tar: tarfile.TarFile, name: str, source: Path) -> dict:
    digest = hashlib.sha256()
    with source.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    size = source.stat().st_size
    info = tarfile.TarInfo(name)
    info.size, info.mtime = size, int(time.time())
    with source.open("rb") as f:
        tar.addfile(info, f)
    return {"size": size, "sha256": digest.hexdigest()}


def write_archive(path: Path, data_name: str, data: Path, roots: dict[str, Path]) -> int:
    """Write the archive to `path`, with the file `data` as its data member `data_name` (DATA or DUMP);
    returns the number of uploaded files in it."""
    with tarfile.open(path, "w:gz") as tar:
        members = {data_name: _add_file(tar, data_name, data)}
        for name, root in roots.items():
            if not root.is_dir():
                continue
            for f in sorted(p for p in root.rglob("*") if p.is_file()):
                payload = f.read_bytes()
                arcname = f"{name}/{f.relative_to(root).as_posix()}"
                _add(tar, arcname, payload)
                members[arcname] = {"size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
        manifest = {"format": FORMAT, "version": VERSION, "created": int(time.time()), "data": data_name,
                    "database": connection.vendor, "migrations": applied_migrations(), "members": members}
        _add(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return len(members) - 1


@dataclass
class Staged:
    """A validated archive, unpacked: `data` is the staged data member (`data.json` or `database.dump`, see
    `data.name`), `files` maps (root, relative path) to the staged copy of each uploaded file, `dump_toc` is
    the dump's table of contents (`pg_restore --list`; empty for data.json)."""

    data: Path
    files: list[tuple[str, PurePosixPath, Path]]
    manifest: dict
    dump_toc: list[str]


def _fail(message: str) -> CommandError:
    return CommandError(f"备份文件无效，未做任何改动：{message}", returncode=2)


def _safe_name(name: str, roots: dict[str, Path]) -> PurePosixPath:
    parts = PurePosixPath(name).parts
    if name in (DATA, DUMP, MANIFEST):
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
    if manifest.get("version") not in READABLE:
        raise _fail(f"备份格式版本为 {manifest.get('version')!r}，本程序只能恢复版本 "
                    f"{'、'.join(map(str, READABLE))}")
    if not isinstance(manifest.get("members"), dict) or not isinstance(manifest.get("migrations"), dict):
        raise _fail("manifest.json 缺少文件清单或迁移记录")
    manifest.setdefault("data", DATA)
    if manifest["data"] not in (DATA, DUMP):
        raise _fail(f"manifest.json 中的数据文件名 {manifest['data']!r} 不对")
    return manifest


def _check_migrations(manifest: dict) -> None:
    """data.json is loaded into this database's tables, so it needs every migration it was made with applied
    here; a dump brings its own tables, so it only needs migrations this program knows (`migrate` then brings
    an older dump up to date)."""
    if manifest["data"] == DUMP:
        here: dict[str, set[str]] = {}
        for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations:
            here.setdefault(app, set()).add(name)
        where = "本程序"
    else:
        here = {app: set(names) for app, names in applied_migrations().items()}
        where = "本数据库"
    for app, names in manifest["migrations"].items():
        missing = sorted(set(names or []) - set(here.get(app, [])))
        if missing:
            raise _fail(f"备份来自更新的版本（{where}缺少迁移 {app}.{missing[0]}），请先升级并执行 migrate")


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
            data_name = manifest["data"]
            listed = manifest["members"]
            seen: set[str] = set()
            files: list[tuple[str, PurePosixPath, Path]] = []
            for i, m in enumerate(members):
                if m.name == MANIFEST:
                    continue
                name = _safe_name(m.name, roots)
                if m.name in (DATA, DUMP) and m.name != data_name:
                    raise _fail(f"成员 {m.name} 与清单记载的数据文件 {data_name} 不符")
                if not m.isfile() or m.name in seen or m.name not in listed:
                    raise _fail(f"成员 {m.name} 不在清单中、重复或不是普通文件")
                seen.add(m.name)
                target = staging / (m.name if m.name == data_name else f"{i:06d}")
                digest, size = hashlib.sha256(), 0
                with tar.extractfile(m) as src, target.open("wb") as out:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                want = listed[m.name] if isinstance(listed[m.name], dict) else {}
                if size != want.get("size") or digest.hexdigest() != want.get("sha256"):
                    raise _fail(f"{m.name} 的校验和不符（文件已损坏或被改动）")
                if m.name != data_name:
                    files.append((name.parts[0], PurePosixPath(*name.parts[1:]), target))
            if data_name not in seen:
                raise _fail(f"备份文件中没有 {data_name}")
            absent = sorted(set(listed) - seen)
            if absent:
                raise _fail(f"清单中的 {absent[0]} 不在备份文件里（文件不完整）")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise _fail(f"备份文件已损坏或不是 gongkai 备份（{exc.__class__.__name__}）") from None
    data, toc = staging / data_name, []
    if data_name == DUMP:
        if connection.vendor != "postgresql":
            raise _fail("这是 PostgreSQL 数据库的备份（pg_dump），只能恢复到 PostgreSQL 数据库")
        toc = pgdump.listing(data)
    else:
        _check_data(data)
    _check_migrations(manifest)
    return Staged(data=data, files=files, manifest=manifest, dump_toc=toc)
