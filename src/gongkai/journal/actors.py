"""Who performs an action: a staff account, the platform itself, or a member of the public.

Every action function takes an `actor`. There is no "no actor": work the platform does by itself
(CLI, demo data, scheduled jobs, calendar recomputation) runs as `SYSTEM`, which the journal names
"系统"; what the public does (an online application, a mailbox letter, a survey answer) runs as a
`public(...)` actor named for its role ("申请人（网上）", "公众"). A missing actor is a programming
error (`MissingActor`), never a silent bypass of the role checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied


class MissingActor(TypeError):
    """An action was called without saying who performs it."""


@dataclass(frozen=True)
class NamedActor:
    """An actor without a staff account. `is_system` actors pass every role check; public ones none."""

    name: str
    is_system: bool = False

    is_authenticated = False
    is_active = True
    pk = None

    @property
    def display_name(self) -> str:
        return self.name

    def __str__(self) -> str:
        return self.name


SYSTEM = NamedActor("系统", is_system=True)


@dataclass(frozen=True)
class TokenActor(NamedActor):
    """Another system writing through the open API with an agency's token (gongkai.api). It acts only at
    that one agency, and only where the action is open to one of `roles` (a token writes as the agency's
    公开专员 would); the journal names it by the token's name."""

    agency_id: int | None = None
    token_id: int | None = None
    roles: tuple[str, ...] = ()

# In an action's `roles`: the action is also open to the public (e.g. an applicant answering a 补正
# request from the status page). The view that calls it has already checked the applicant's session.
PUBLIC = "public"


def public(name: str = "公众") -> NamedActor:
    """A member of the public, named by role in the journal (never by personal name)."""
    return NamedActor(name)


def require_actor(actor) -> None:
    if actor is None or isinstance(actor, str):
        raise MissingActor("操作必须指明执行者：员工账户、系统（SYSTEM）或公众（public(...)）。")


def is_system(actor) -> bool:
    return isinstance(actor, NamedActor) and actor.is_system


def actor_name(actor) -> str:
    require_actor(actor)
    if isinstance(actor, NamedActor):
        return actor.name
    return getattr(actor, "display_name", None) or getattr(actor, "username", "") or str(actor)


def authorize(actor, agency, roles: Iterable[str]) -> None:
    """Raise unless `actor` may act at `agency` with one of `roles`. SYSTEM may; a public actor only
    where `roles` contains PUBLIC. The system administrator's role is platform-wide (as the admin site
    admits it): "sysadmin" in `roles` lets any system administrator (or superuser) act at any agency."""
    from gongkai.agencies.models import Role
    from gongkai.agencies.scoping import is_sysadmin, require_role

    require_actor(actor)
    if is_system(actor):
        return
    roles = tuple(roles)
    if isinstance(actor, TokenActor):
        if agency is None or agency.pk != actor.agency_id:
            raise PermissionDenied("接口令牌只能为其所属机关写入数据。")
        if not set(roles) & set(actor.roles):
            raise PermissionDenied("接口令牌不能执行此操作。")
        return
    if isinstance(actor, NamedActor):
        if PUBLIC in roles:
            return
        raise PermissionDenied("公众不能执行此操作。")
    if Role.SYSADMIN in roles and is_sysadmin(actor):
        return
    if agency is None:
        raise PermissionDenied("此操作不属于任何机关，只有系统管理员可以执行。")
    require_role(actor, agency, *[r for r in roles if r != PUBLIC])


def action(fn):
    """Mark an action function (every public function of an app's `actions` module that changes state).
    Its `actor` argument (first positional, or keyword) is checked before anything else runs, so a
    call without an actor fails the same way in every app, whatever the other arguments are."""
    import functools
    import inspect

    params = list(inspect.signature(fn).parameters)
    if "actor" not in params:
        raise TypeError(f"{fn.__qualname__}: an action takes an `actor` argument")
    position = params.index("actor")

    @functools.wraps(fn)
    def wrapped(*args, **kwargs):
        actor = kwargs["actor"] if "actor" in kwargs else (args[position] if len(args) > position else None)
        require_actor(actor)
        return fn(*args, **kwargs)

    wrapped.is_action = True
    return wrapped
