"""Creating and revoking API tokens, through the action envelope (journaled). A token is managed by the
agency's 分管领导 or by the 政务公开办 above it; the secret is returned once and never stored."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.agencies.models import Agency, Role
from gongkai.api import tokens
from gongkai.api.models import ApiToken
from gongkai.api.scopes import SCOPES
from gongkai.journal.actors import action
from gongkai.journal.envelope import change, create

ADMIN_ROLES = (Role.LEADER, Role.SUPERVISOR)
JOURNAL_FIELDS = ["agency", "name", "prefix", "revoked_at"]  # never the hash; the scopes in words, in the note


def _account(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@action
def create_token(actor, agency: Agency, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """A new token for `agency` with `scopes`; returns (token, the secret to show once)."""
    name = (name or "").strip()
    chosen = [s for s in SCOPES if s in (scopes or [])]
    errors = {}
    if not name:
        errors["name"] = "请填写令牌名称（对接的系统，如“12345热线”）。"
    elif len(name) > 60:
        errors["name"] = "令牌名称不能超过60个字。"
    if not chosen or len(chosen) != len(set(scopes or [])):
        errors["scopes"] = "请至少选择一项权限范围（只能选择列出的项目）。"
    if errors:
        raise ValidationError(errors)
    prefix, secret = tokens.new_secret()

    def build() -> ApiToken:
        return ApiToken.objects.create(agency=agency, name=name, prefix=prefix, secret_hash=tokens.digest(secret),
                                       scopes=chosen, created_by=_account(actor))

    token = create(actor, agency, "api_token.created", build, roles=ADMIN_ROLES, fields=JOURNAL_FIELDS,
                   note=f"创建接口令牌“{name}”，权限：{'；'.join(SCOPES[s] for s in chosen)}")
    return token, secret


@action
def revoke_token(actor, token: ApiToken) -> ApiToken:
    def mutate(locked: ApiToken) -> str:
        if locked.revoked_at is not None:
            raise ValidationError(f"接口令牌“{locked.name}”已经吊销。")
        locked.revoked_at = timezone.now()
        locked.revoked_by = _account(actor)
        return f"吊销接口令牌“{locked.name}”"

    return change(actor, token, "api_token.revoked", mutate, roles=ADMIN_ROLES, fields=JOURNAL_FIELDS)
