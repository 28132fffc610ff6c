"""Query passwords of applications: argon2id at the OWASP minimum (19 MiB, t=2, p=1), so issuing one
costs tens of milliseconds rather than the staff-login half second; online guessing is rate-limited."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class QueryPasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1


_hasher = QueryPasswordHasher()


def make(password: str) -> str:
    return _hasher.encode(password, _hasher.salt())


def check(password: str, encoded: str) -> bool:
    try:
        return _hasher.verify(password, encoded)
    except (ValueError, TypeError, AssertionError):
        return False
