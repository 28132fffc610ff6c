"""Atomic counters and claims shared by every process (and, on Redis, every host).

Rate limits, login throttles and once-only periodic jobs need "count one and tell me the new count" as a
single operation. Where they live follows the cache:

* Redis cache → Redis (`INCR` + `EXPIRE` in one Lua call, `SET NX EX` for claims): all hosts agree.
* local-memory cache (tests, one process) → the cache's own locked add/incr.
* file cache (the one-machine default) → a small SQLite file beside it, each operation one
  `BEGIN IMMEDIATE` transaction (the file cache's own incr is a read followed by a write, not atomic).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches

_INCR_LUA = """
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
"""
_DECR_LUA = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  local n = redis.call('DECR', KEYS[1])
  if n <= 0 then redis.call('DEL', KEYS[1]) end
  return n
end
return 0
"""


class RedisCounters:
    def __init__(self, url: str, prefix: str):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self.prefix = prefix
        self._incr = self.client.register_script(_INCR_LUA)
        self._decr = self.client.register_script(_DECR_LUA)

    def _k(self, key: str) -> str:
        return f"{self.prefix}:ctr:{key}"

    def incr(self, key: str, window: int) -> int:
        return int(self._incr(keys=[self._k(key)], args=[int(window)]))

    def decr(self, key: str) -> int:
        return int(self._decr(keys=[self._k(key)]))

    def get(self, key: str) -> int:
        return int(self.client.get(self._k(key)) or 0)

    def claim(self, key: str, ttl: int) -> bool:
        return bool(self.client.set(self._k(key), b"1", nx=True, ex=int(ttl)))

    def reset(self, key: str) -> None:
        self.client.delete(self._k(key))


class CacheCounters:
    """For the in-process local-memory cache, whose add/incr each hold its lock."""

    def __init__(self, alias: str = "default"):
        self.alias = alias

    @property
    def cache(self):
        return caches[self.alias]

    def incr(self, key: str, window: int) -> int:
        k = f"ctr:{key}"
        if self.cache.add(k, 1, window):
            return 1
        try:
            return self.cache.incr(k)
        except ValueError:  # expired in between
            self.cache.add(k, 0, window)
            return self.incr(key, window)

    def decr(self, key: str) -> int:
        try:
            return self.cache.decr(f"ctr:{key}")
        except ValueError:
            return 0

    def get(self, key: str) -> int:
        return int(self.cache.get(f"ctr:{key}") or 0)

    def claim(self, key: str, ttl: int) -> bool:
        return self.cache.add(f"claim:{key}", 1, ttl)

    def reset(self, key: str) -> None:
        self.cache.delete(f"ctr:{key}")


class SqliteCounters:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.local = threading.local()

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self.local, "conn", None)
        if conn is None or getattr(self.local, "pid", None) != os.getpid():
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("CREATE TABLE IF NOT EXISTS counter (key TEXT PRIMARY KEY, n INTEGER NOT NULL,"
                         " expires REAL NOT NULL)")
            self.local.conn, self.local.pid = conn, os.getpid()
        return conn

    def _tx(self, fn):
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = fn(conn, time.time())
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result

    def incr(self, key: str, window: int) -> int:
        def do(conn, now):
            conn.execute("DELETE FROM counter WHERE key = ? AND expires <= ?", (key, now))
            if now % 1 < 0.01:  # now and then, sweep everything expired
                conn.execute("DELETE FROM counter WHERE expires <= ?", (now,))
            return conn.execute(
                "INSERT INTO counter (key, n, expires) VALUES (?, 1, ?)"
                " ON CONFLICT(key) DO UPDATE SET n = n + 1 RETURNING n", (key, now + window)).fetchone()[0]

        return int(self._tx(do))

    def decr(self, key: str) -> int:
        def do(conn, now):
            row = conn.execute("UPDATE counter SET n = n - 1 WHERE key = ? AND expires > ? RETURNING n",
                               (key, now)).fetchone()
            return row[0] if row else 0

        return int(self._tx(do))

    def get(self, key: str) -> int:
        row = self._conn().execute("SELECT n FROM counter WHERE key = ? AND expires > ?",
                                   (key, time.time())).fetchone()
        return int(row[0]) if row else 0

    def claim(self, key: str, ttl: int) -> bool:
        def do(conn, now):
            conn.execute("DELETE FROM counter WHERE key = ? AND expires <= ?", ("claim:" + key, now))
            cur = conn.execute("INSERT OR IGNORE INTO counter (key, n, expires) VALUES (?, 1, ?)",
                               ("claim:" + key, now + ttl))
            return cur.rowcount == 1

        return bool(self._tx(do))

    def reset(self, key: str) -> None:
        self._tx(lambda conn, now: conn.execute("DELETE FROM counter WHERE key = ?", (key,)))


_backends: dict[tuple, object] = {}
_lock = threading.Lock()


def counters():
    """The counter store matching the default cache (see the module's docstring)."""
    conf = settings.CACHES["default"]
    backend = conf["BACKEND"]
    ident = (backend, str(conf.get("LOCATION", "")), conf.get("KEY_PREFIX", ""))
    found = _backends.get(ident)
    if found is not None:
        return found
    with _lock:
        if ident not in _backends:
            if backend.endswith("RedisCache"):
                location = conf["LOCATION"]
                url = location[0] if isinstance(location, list | tuple) else location
                _backends[ident] = RedisCounters(url, conf.get("KEY_PREFIX") or settings.REDIS_PREFIX)
            elif backend.endswith("FileBasedCache"):
                _backends[ident] = SqliteCounters(Path(conf["LOCATION"]).parent / "counters.sqlite3")
            else:
                _backends[ident] = CacheCounters()
        return _backends[ident]
