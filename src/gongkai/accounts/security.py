"""Login lockout: after N failed logins for a username within M minutes, refuse further attempts until
the window passes. Every attempt is stored; failures, lockouts, logins and logouts go to the journal."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
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
