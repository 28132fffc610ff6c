"""The demo data, loaded once per test session and copied into each test that asks for it.

`gongkai demo` runs every app's actions (journaled, hashed, deadline-computed): tens of seconds. The
session runs it once inside a transaction that is rolled back, keeps the resulting rows of every table,
and `restore` writes exactly those rows into the test's database (every table emptied first, so the result
does not depend on what ran before). Works on SQLite and PostgreSQL, inside a test's transaction (rolled
back with it) or in a transactional test (flushed after it). Under pytest-xdist the first worker to need
the demo loads it and stores the rows in the session's shared temporary folder; the others read them.
"""

from __future__ import annotations

import fcntl
import io
import pickle
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class Table:
    name: str
    columns: list[str]
    json_columns: set[str]
    rows: list[tuple]


def models() -> list:
    seen, models = set(), []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in seen:
            seen.add(meta.db_table)
            models.append(model)
    return models


def read(model) -> Table:
    qn = connection.ops.quote_name
    fields = model._meta.local_concrete_fields
    json_columns = {f.column for f in fields if f.get_internal_type() == "JSONField"}
    pg = connection.vendor == "postgresql"
    select = ", ".join(f"{qn(f.column)}::text" if pg and f.column in json_columns else qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM {qn(model._meta.db_table)} ORDER BY {qn(model._meta.pk.column)}")
        rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor.fetchall()]
    return Table(model._meta.db_table, [f.column for f in fields], json_columns, rows)


def capture() -> list[Table]:
    """Run `gongkai demo` on the current database and return every table's rows; nothing is kept."""
    with transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        tables = [read(model) for model in models()]
        transaction.set_rollback(True)
    clear_caches()
    return tables


def restore(tables: list[Table]) -> None:
    """Make every table hold exactly the captured rows."""
    qn = connection.ops.quote_name
    pg = connection.vendor == "postgresql"
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {qn(table.name)}")
        for table in tables:
            if not table.rows:
                continue
            marks = ", ".join("%s::jsonb" if pg and c in table.json_columns else "%s" for c in table.columns)
            cursor.executemany(
                f"INSERT INTO {qn(table.name)} ({', '.join(qn(c) for c in table.columns)}) VALUES ({marks})",
                table.rows,
            )
        for sql in connection.ops.sequence_reset_sql(no_style(), models()):
            cursor.execute(sql)
    clear_caches()


def clear_caches() -> None:
    """Process caches that hold rows or ids of the database."""
    from django.contrib.contenttypes.models import ContentType

    from gongkai.workcalendar.service import clear_cache

    ContentType.objects.clear_cache()
    clear_cache()


def shared(folder: Path | None) -> list[Table]:
    """The captured demo, computed once for all workers that share `folder` (None: just this process)."""
    if folder is None:
        return capture()
    data, lock = folder / "demo-snapshot.pickle", folder / "demo-snapshot.lock"
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if data.exists():
                return pickle.loads(data.read_bytes())
            tables = capture()
            data.write_bytes(pickle.dumps(tables))
            return tables
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
