"""Login lockout: after N failed logins for a username within M minutes, refuse further attempts until
the window passes. Every attempt is stored; failures, lockouts, logins and logouts go to the journal.

Before any password is hashed a login must pass two atomic gates (gongkai.serving.counters):
* per client address: at most LOGIN_IP_LIMIT attempts per LOGIN_IP_WINDOW seconds, whatever usernames
  it tries (random usernames never reach the per-username lockout);
* per username: a guess is *reserved* before it is evaluated, and the failures already stored plus the
  guesses being evaluated right now may not exceed LOGIN_LOCKOUT_FAILURES — so 30 concurrent guesses
  at one account evaluate at most 5.
The hash itself (argon2id, `StaffPasswordHasher`) costs 46 MiB and runs at most HASH_SLOTS at a time per
process, so a burst of logins cannot take the server's memory.
"""

from __future__ import annotations

import datetime as dt
import threading

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import LoginAttempt
from gongkai.journal.actors import SYSTEM, public
from gongkai.journal.services import record


def home_agency(username: str):
    from gongkai.agencies.models import Membership

    m = Membership.objects.filter(user__username=username).select_related("agency").order_by("agency__path").first()
    return m.agency if m else None


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


# --- the password hash ------------------------------------------------------------------------------
HASH_SLOTS = threading.BoundedSemaphore(2)  # concurrent argon2 evaluations per process (2 cores)


class StaffPasswordHasher(Argon2PasswordHasher):
    """argon2id at OWASP's 46 MiB / t=1 / p=1 (Django's default is 100 MiB, t=2, p=8).

    Measured on this 2-core machine: 100 MiB/t=2/p=8 took 1.6 s and 100 MiB per attempt; 46 MiB/t=1/p=1
    about 0.5 s (under load) and 46 MiB. Stored hashes with other parameters still verify and are
    re-hashed with these at the next successful login."""

    time_cost = 1
    memory_cost = 46 * 1024
    parallelism = 1

    def encode(self, password, salt):
        with HASH_SLOTS:
            return super().encode(password, salt)

    def verify(self, password, encoded):
        with HASH_SLOTS:
            return super().verify(password, encoded)


# --- gates before hashing ---------------------------------------------------------------------------
def _ip_limit() -> tuple[int, int]:
    return (getattr(settings, "LOGIN_IP_LIMIT", 20), getattr(settings, "LOGIN_IP_WINDOW", 300))


def ip_allowed(request) -> bool:
    """Count this login attempt against the client address; False when it is over the limit."""
    from gongkai.common import ratelimit

    limit, window = _ip_limit()
    return ratelimit.hit("login-ip", client_ip(request) or "unknown", limit, window)


def ip_message() -> str:
    limit, window = _ip_limit()
    return f"登录尝试过于频繁（每 {max(1, window // 60)} 分钟最多 {limit} 次），请稍后再试。"


def _inflight_key(username: str) -> str:
    return "login-inflight:" + username.lower()[:150]


def reserve_guess(username: str) -> bool:
    """Reserve the right to evaluate one password for `username`; False when it is (or would be) locked.

    The reservation is counted atomically before the stored failures are read, and released by
    `release_guess` only after this attempt's own failure has been stored, so every concurrent guess
    sees every other one either as stored or as in flight."""
    from gongkai.serving.counters import counters

    store = counters()
    key = _inflight_key(username)
    in_flight = store.incr(key, 120)
    if recent_failures(username) + in_flight > settings.LOGIN_LOCKOUT_FAILURES:
        store.decr(key)
        return False
    return True


def release_guess(username: str) -> None:
    from gongkai.serving.counters import counters

    counters().decr(_inflight_key(username))


def recent_failures(username: str) -> int:
    since = timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    last_success = (
        LoginAttempt.objects.filter(username=username, success=True, at__gte=since).order_by("-at").first()
    )
    qs = LoginAttempt.objects.filter(username=username, success=False, at__gte=since)
    if last_success:
        qs = qs.filter(at__gt=last_success.at)
    return qs.count()


def is_locked(username: str) -> bool:
    return recent_failures(username) >= settings.LOGIN_LOCKOUT_FAILURES


@transaction.atomic
def note_attempt(request, username: str, success: bool, user=None) -> None:
    ip = client_ip(request)
    LoginAttempt.objects.create(username=username[:150], ip=ip, success=success)
    if success:
        record("account.login", actor=user, obj=user, agency=home_agency(username), ip=ip, object_repr=username)
        return
    failures = recent_failures(username)
    agency = home_agency(username)
    record(
        "account.login_failed",
        actor=public(f"登录者 {username[:140]}" if username else "匿名登录者"),
        object_type="accounts.user",
        object_repr=username[:150],
        agency=agency,
        ip=ip,
        note=f"连续失败 {failures} 次",
    )
    if failures == settings.LOGIN_LOCKOUT_FAILURES:
        record(
            "account.locked",
            actor=SYSTEM,
            object_type="accounts.user",
            object_repr=username[:150],
            agency=agency,
            ip=ip,
            note=f"{settings.LOGIN_LOCKOUT_MINUTES} 分钟内登录失败 {failures} 次，账户暂时锁定",
        )
