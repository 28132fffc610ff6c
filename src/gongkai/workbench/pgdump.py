"""PostgreSQL's own dump tools for `gongkai backup` / `gongkai restore`: a custom-format `pg_dump` of the whole
database, checked with `pg_restore --list`, restored with `pg_restore --clean --if-exists --single-transaction
--exit-on-error`.

Why clean-in-one-transaction rather than restoring into a fresh schema and swapping: pg_dump names every object
`public.…`, and pg_restore cannot redirect a dump into another schema, so a swap would need a rename outside the
restore's transaction — a moment in which the live site sees an empty schema, and a failure in between that must
be undone by hand. With `--clean --if-exists --single-transaction` the DROPs, the CREATEs, the data and the
constraints are one transaction: any error (`--exit-on-error`) rolls all of it back, so the live data is exactly
as before. The one thing `--clean` cannot do is drop tables the dump does not know (from a newer version);
`extra_tables` finds those first and the restore refuses rather than leaving a mixed schema.

The client tools must be at least the server's major version (pg_dump refuses a newer server); on Debian they
come with `postgresql-client` (e.g. postgresql-client-15 for a 15 server)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection

DUMP = "database.dump"
TIMEOUT = 6 * 3600


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise CommandError(f"找不到 {name}：PostgreSQL 的备份需要它，请安装与数据库服务器同版本的客户端"
                           f"（Debian：apt install postgresql-client）", returncode=2)
    return path


def _major(version_line: str) -> int:
    """15 from "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"."""
    found = re.search(r"\)\s+(\d+)", version_line)
    return int(found.group(1)) if found else 0


def server_major() -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def tool(name: str) -> str:
    """The path of pg_dump / pg_restore, checked to be at least the server's major version."""
    path = _tool(name)
    out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60).stdout
    have, server = _major(out), server_major()
    if have < server:
        raise CommandError(f"{name} 的版本（{have}）低于数据库服务器（{server}），无法备份或恢复："
                           f"请安装 postgresql-client-{server}", returncode=2)
    return path


def _env() -> dict[str, str]:
    """libpq's variables for the default database, so that no password appears on a command line."""
    s = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("NAME", "PGDATABASE")):
        if s.get(key):
            env[var] = str(s[key])
    for opt, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if s.get("OPTIONS", {}).get(opt):
            env[var] = str(s["OPTIONS"][opt])
    env["PGAPPNAME"] = "gongkai-backup"
    return env


def _reason(proc: subprocess.CompletedProcess) -> str:
    lines = [ln for ln in (proc.stderr or "").splitlines() if ln.strip()]
    return " ".join(" ".join(lines[-3:]).split())[:300] or f"退出码 {proc.returncode}"


def dump(target: Path) -> None:
    """Write a custom-format dump of the whole database to `target`."""
    proc = subprocess.run([tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file",
                           str(target)], env=_env(), capture_output=True, text=True, timeout=TIMEOUT)
    if proc.returncode:
        raise CommandError(f"pg_dump 失败，未写出备份：{_reason(proc)}", returncode=2)


def listing(path: Path) -> list[str]:
    """`pg_restore --list` of a dump: its table of contents, or CommandError if it is not a readable dump."""
    proc = subprocess.run([tool("pg_restore"), "--list", str(path)], capture_output=True, text=True,
                          timeout=600)
    if proc.returncode:
        raise CommandError(f"备份文件无效，未做任何改动：{DUMP} 不是可读的 PostgreSQL 转储（{_reason(proc)}）",
                           returncode=2)
    return [ln for ln in proc.stdout.splitlines() if ln and not ln.startswith(";")]


def dump_tables(entries: list[str]) -> set[str]:
    """The tables a dump's table of contents creates (schema.name)."""
    tables = set()
    for ln in entries:
        found = re.match(r"\d+; \d+ \d+ TABLE (\S+) (\S+)", ln)
        if found:
            tables.add(f"{found.group(1)}.{found.group(2)}")
    return tables


def extra_tables(entries: list[str]) -> list[str]:
    """Live tables in the current schema that the dump would not replace."""
    with connection.cursor() as cur:
        cur.execute("SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname = current_schema()")
        live = {row[0] for row in cur.fetchall()}
    return sorted(live - dump_tables(entries))


def restore(path: Path) -> None:
    """Replace the database's objects by the dump's, all in one transaction."""
    connection.close()  # our own connection must not hold a lock the DROPs wait for
    proc = subprocess.run([tool("pg_restore"), "--clean", "--if-exists", "--single-transaction", "--exit-on-error",
                           "--no-owner", "--no-privileges", "--dbname", connection.settings_dict["NAME"], str(path)],
                          env=_env(), capture_output=True, text=True, timeout=TIMEOUT)
    if proc.returncode:
        raise CommandError(f"恢复失败，数据库未作任何改动：{_reason(proc)}", returncode=2)
