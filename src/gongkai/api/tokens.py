"""Token secrets: made, hashed, checked. A token is `gk_<prefix>_<secret>`; the prefix (public, shown in
lists) finds the row, the SHA-256 of the whole token is compared in constant time. The token carries
256 random bits, so a fast hash is enough (nothing to guess from a dictionary)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.db.models import Q
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.api.models import ApiToken
from gongkai.journal.actors import TokenActor

PREFIX_CHARS = "abcdefghjkmnpqrstuvwxyz23456789"
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)  # one UPDATE per token per minute at most
# what a token may do at its agency: the work of the agency's 公开专员 the two write endpoints do
TOKEN_ROLES = (Role.OFFICER,)


def new_secret() -> tuple[str, str]:
    """(prefix, whole token)."""
    prefix = "".join(secrets.choice(PREFIX_CHARS) for _ in range(8))
    return prefix, f"gk_{prefix}_{secrets.token_urlsafe(32)}"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def find(raw: str) -> ApiToken | None:
    """The active token `raw` is, or None (unknown, malformed or revoked)."""
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != "gk" or len(parts[1]) != 8 or not parts[1].isalnum():
        return None
    token = ApiToken.objects.select_related("agency").filter(prefix=parts[1], revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.secret_hash, digest(raw.strip())):
        return None
    return token


def touch(token: ApiToken) -> None:
    """Record the token's use (at most once a minute, so a busy integration does not write on every call)."""
    now = timezone.now()
    (ApiToken.objects.filter(pk=token.pk)
     .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_GRANULARITY))
     .update(last_used_at=now))


def actor_for(token: ApiToken) -> TokenActor:
    """Who the journal says wrote: the token by name (never a staff account)."""
    return TokenActor(name=f"接口令牌“{token.name}”（{token.prefix}）"[:150], agency_id=token.agency_id,
                      token_id=token.pk, roles=TOKEN_ROLES)
