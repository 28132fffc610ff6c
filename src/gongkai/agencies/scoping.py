"""Tenancy in one place: which agencies a staff user may see, and querysets scoped to them.

Every agency-owned model uses `AgencyScopedQuerySet` (or calls `scoped`) so that views, exports and
APIs only ever start from `Model.objects.for_user(request.user)`.

Rules:
- a membership with any business role gives that agency;
- the supervisor role (政务公开办) also gives every descendant agency;
- the auditor and sysadmin roles give no business data (separation of duties); the auditor reads the
  journal of its agencies (and their descendants) through `visible_agency_ids(user, {Role.AUDITOR})`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import models

from gongkai.agencies.models import BUSINESS_ROLES, Agency, Membership, Role


def _memberships(user) -> list[tuple[int, str, str]]:
    cache = getattr(user, "_gongkai_memberships", None)
    if cache is None:
        cache = list(Membership.objects.filter(user_id=user.pk).values_list("agency_id", "role", "agency__path"))
        user._gongkai_memberships = cache
    return cache


def visible_agency_ids(user, roles: Iterable[str] | None = None) -> set[int]:
    """Ids of the agencies whose data `user` may see through the given roles (default: business roles)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    wanted = set(roles) if roles is not None else set(BUSINESS_ROLES)
    ids: set[int] = set()
    subtree_paths: list[str] = []
    for agency_id, role, path in _memberships(user):
        if role not in wanted:
            continue
        ids.add(agency_id)
        if role in (Role.SUPERVISOR, Role.AUDITOR):
            subtree_paths.append(path)
    if subtree_paths:
        q = models.Q()
        for path in subtree_paths:
            q |= models.Q(path__startswith=path)
        ids.update(Agency.objects.filter(q).values_list("id", flat=True))
    return ids


def roles_at(user, agency: Agency) -> set[str]:
    """The roles `user` holds at `agency`: its own there, plus supervisor when it supervises an ancestor."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    roles: set[str] = set()
    for agency_id, role, path in _memberships(user):
        if agency_id == agency.pk:
            roles.add(role)
        elif role in (Role.SUPERVISOR, Role.AUDITOR) and agency.path.startswith(path):
            roles.add(role)
    return roles


def has_role(user, agency: Agency, *roles: str) -> bool:
    return bool(roles_at(user, agency) & set(roles))


def require_role(user, agency: Agency, *roles: str) -> None:
    """Raise PermissionDenied (HTTP 403) unless `user` holds one of `roles` at `agency`."""
    if not has_role(user, agency, *roles):
        names = "、".join(Role(r).label for r in roles)
        raise PermissionDenied(f"您在“{agency.name}”没有执行此操作的权限（需要：{names}）。")


def is_sysadmin(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or any(role == Role.SYSADMIN for _, role, _ in _memberships(user))


def staff_agencies(user, roles: Iterable[str] | None = None):
    """The agencies whose data `user` may see (through `roles`, default: any business role)."""
    return Agency.objects.filter(id__in=visible_agency_ids(user, roles))


def agencies_with_role(user, *roles: str):
    """The agencies where `user` holds one of `roles` (a supervisor's also for every descendant):
    exactly the agencies for which `has_role(user, agency, *roles)` is true, as one queryset."""
    return Agency.objects.filter(id__in=visible_agency_ids(user, roles)).order_by("path")


def scoped(qs: models.QuerySet, user, roles: Iterable[str] | None = None, field: str = "agency") -> models.QuerySet:
    return qs.filter(**{f"{field}_id__in": visible_agency_ids(user, roles)})


class AgencyScopedQuerySet(models.QuerySet):
    """For models with an `agency` foreign key: `Model.objects.for_user(user)`."""

    agency_field = "agency"

    def for_user(self, user, roles: Iterable[str] | None = None):
        return scoped(self, user, roles, self.agency_field)
