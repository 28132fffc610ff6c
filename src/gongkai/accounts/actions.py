"""Staff account actions: creating an account, changing its details, its password and whether it may
log in. Every one is atomic and journaled (passwords never: the journal shows "***" and a note).
Role grants are agencies.actions (grant_role / revoke_role).

Who may do what — today's rules, unchanged by this module:
- Create, change, activate, deactivate, delete an account, reset its password: the system administrator
  only (a SYSADMIN membership anywhere, or a superuser): the Django admin (/sysadmin/) is where they do
  it, and it admits nobody else. A system administrator cannot deactivate or delete their own account
  (the platform would be left without the one who can undo it).
- Set a password: the account's own user (the password page, which asks for the old one first), or the
  system administrator (the admin's password form). Every new password passes the configured validators.
Work the platform does itself (the demo loader, the CLI) runs as SYSTEM.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from gongkai.accounts.models import User
from gongkai.accounts.security import home_agency
from gongkai.agencies.models import Role
from gongkai.journal.actors import action
from gongkai.journal.envelope import change, create, delete

SYSADMIN_ROLES = (Role.SYSADMIN,)
ACCOUNT_FIELDS = ("username", "full_name", "phone", "email", "first_name", "last_name", "is_active", "is_staff",
                  "is_superuser")
RESET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"  # no 0/O, 1/l/I
RESET_LENGTH = 16


def _check_fields(values: dict) -> None:
    unknown = set(values) - set(ACCOUNT_FIELDS)
    if unknown:
        raise ValidationError(f"账户信息中没有这些可修改的项目：{'、'.join(sorted(unknown))}。")


def _not_self(actor, user: User, what: str) -> None:
    if getattr(actor, "pk", None) is not None and actor.pk == user.pk:
        raise ValidationError(f"不能{what}自己的账户，请由另一位系统管理员操作。")


def _set(user: User, password: str | None) -> None:
    if password is None:
        user.set_unusable_password()
        return
    password_validation.validate_password(password, user)
    user.set_password(password)


@action
def create_account(actor, username: str, *, password: str | None = None, **values) -> User:
    """A new staff account (system administrator). Without a password it cannot log in until one is set.
    Roles are granted separately (agencies.actions.grant_role)."""
    _check_fields(values)

    def build() -> User:
        user = User(username=username, **values)
        user.full_clean(exclude=["password"])
        _set(user, password)
        user.save()
        return user

    return create(actor, None, "account.created", build, roles=SYSADMIN_ROLES)


@action
def update_account(actor, user: User, **values) -> User:
    """Change an account's details or flags (system administrator). Unchanged values: no event."""
    _check_fields(values)
    changed = {k: v for k, v in values.items() if getattr(user, k) != v}
    if not changed:
        return user
    if changed.get("is_active") is False:
        _not_self(actor, user, "停用")

    def mutate(locked: User):
        for key, value in changed.items():
            setattr(locked, key, value)
        locked.full_clean(exclude=[f.name for f in User._meta.fields if f.name not in changed])

    return change(actor, user, "account.updated", mutate, roles=SYSADMIN_ROLES, agency=home_agency(user.username))


@action
def activate(actor, user: User) -> User:
    return update_account(actor, user, is_active=True)


@action
def deactivate(actor, user: User) -> User:
    """The account can no longer log in (its history stays; prefer this to deleting it)."""
    return update_account(actor, user, is_active=False)


@action
def set_password(actor, user: User, password: str | None) -> User:
    """A new password chosen by the user themselves or by the system administrator (None: password login
    disabled, the admin's "disable password-based authentication")."""

    def mutate(locked: User):
        _set(locked, password)
        return "本人修改密码" if getattr(actor, "pk", None) == locked.pk else "系统管理员设置密码"

    return change(actor, user, "account.password_set", mutate, roles=SYSADMIN_ROLES,
                  agency=home_agency(user.username), fields=["password"],
                  allow=lambda who, locked: who.pk == locked.pk)


@action
def reset_password(actor, user: User) -> str:
    """A new random password (system administrator), returned once to hand to the user; it is journaled
    as reset, never in clear."""
    password = "".join(secrets.choice(RESET_ALPHABET) for _ in range(RESET_LENGTH))

    def mutate(locked: User):
        locked.set_password(password)
        return "系统管理员重置密码"

    change(actor, user, "account.password_reset", mutate, roles=SYSADMIN_ROLES, agency=home_agency(user.username),
           fields=["password"])
    return password


@action
def delete_account(actor, user: User) -> User:
    """Remove an account (system administrator; not one's own). Its journal entries keep its name."""
    _not_self(actor, user, "删除")
    try:
        return delete(actor, user, "account.deleted", roles=SYSADMIN_ROLES, agency=home_agency(user.username))
    except ProtectedError:
        raise ValidationError(f"账户“{user.username}”已有业务记录，不能删除；请改为停用。") from None
