"""Agency actions: every change to an agency, and to who holds which role at it, goes through here
(on the shared envelope, so each is atomic and journaled). The admin site, the agency screen and the
demo loader call these functions; none of them saves an Agency or a Membership itself.

Who may do what — today's rules, unchanged by this module:
- Create or delete an agency, change its identity or place in the tree (name, short name, slug, credit
  code, level, kind, parent, sort order, whether it receives applications): the system administrator
  only (a SYSADMIN membership anywhere, or a superuser). The Django admin (/sysadmin/) admits nobody
  else, and inside it Django's model permissions apply on top.
- Change an agency's contact details (CONTACT_FIELDS: address, postcode, phone, website, disclosure office,
  office hours — what the 公开指南 and the reply letters print): the system administrator, or the
  supervisor (政务公开办) of that agency or of a government above it, on the agency screen.
- Grant or revoke a role (Membership): the system administrator only. Nobody grants roles to
  themselves through a supervisor role; separation of duties keeps account management with the sysadmin.
Work the platform does itself (the demo loader, the CLI) runs as SYSTEM.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.agencies.scoping import has_role, is_sysadmin
from gongkai.journal.actors import action, is_system
from gongkai.journal.envelope import change, create, delete

SYSADMIN_ROLES = (Role.SYSADMIN,)
CONTACT_ROLES = (Role.SUPERVISOR, Role.SYSADMIN)
CONTACT_FIELDS = ("address", "postcode", "phone", "website", "disclosure_office", "office_hours",
                  "doc_code", "reconsideration_body", "court", "contact_person", "contact_phone", "reply_signoff")
IDENTITY_FIELDS = ("name", "short_name", "slug", "credit_code", "level", "kind", "parent", "sort_order",
                   "may_receive_applications")
EDITABLE_FIELDS = IDENTITY_FIELDS + CONTACT_FIELDS


def may_edit_contact(user, agency: Agency) -> bool:
    """The rule the agency screen shows its edit button by, and `update_agency` enforces."""
    return is_system(user) or is_sysadmin(user) or has_role(user, agency, Role.SUPERVISOR)


def _check_fields(values: dict) -> None:
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"机关信息中没有这些可修改的项目：{'、'.join(sorted(unknown))}。")


def check_parent(agency: Agency | None, parent: Agency | None) -> None:
    if parent is None or agency is None or agency.pk is None:
        return
    if parent.pk == agency.pk or parent.path.startswith(agency.path):
        raise ValidationError(f"不能把“{agency.name}”设为“{parent.name}”的下级：上级机关不能是它自己或它的下级机关。")


def _validate(agency: Agency, fields) -> None:
    """The model's own field checks (lengths, choices, URL, unique name/slug), in Chinese."""
    exclude = [f.name for f in Agency._meta.fields if f.name not in fields]
    agency.full_clean(exclude=exclude)


@action
def create_agency(actor, *, name: str, slug: str, parent: Agency | None = None, **values) -> Agency:
    """A new agency (system administrator). The event is filed under its parent."""
    _check_fields(values)

    def build() -> Agency:
        agency = Agency(name=name, slug=slug, parent=parent, **values)
        _validate(agency, ["name", "slug", "parent", *values])
        agency.save()
        return agency

    return create(actor, parent, "agency.created", build, roles=SYSADMIN_ROLES)


@action
def update_agency(actor, agency: Agency, **values) -> Agency:
    """Change an agency's fields. Contact details only: sysadmin or a supervisor above it; anything else:
    the system administrator. Values equal to the stored ones are no change (and no event)."""
    _check_fields(values)
    changed = {k: v for k, v in values.items() if getattr(agency, k) != v}
    if not changed:
        return agency
    roles = CONTACT_ROLES if set(changed) <= set(CONTACT_FIELDS) else SYSADMIN_ROLES

    def mutate(locked: Agency):
        if "parent" in changed:
            check_parent(locked, changed["parent"])
        for key, value in changed.items():
            setattr(locked, key, value)
        _validate(locked, changed)

    return change(actor, agency, "agency.updated", mutate, roles=roles, agency=agency)


@action
def delete_agency(actor, agency: Agency) -> Agency:
    """Remove an agency that holds nothing yet (system administrator). One with sub-agencies, cases,
    items or journal entries stays: the database refuses, and the message says why."""

    def check(locked: Agency):
        if locked.children.exists():
            raise ValidationError(f"“{locked.name}”还有下级机关，不能删除。请先删除或移走下级机关。")

    try:
        return delete(actor, agency, "agency.deleted", roles=SYSADMIN_ROLES, agency=agency.parent, check=check)
    except ProtectedError:
        raise ValidationError(f"“{agency.name}”已有业务数据或操作记录，不能删除；如已撤销，请把它移到其他上级机关下并停止受理。"
                              ) from None


@action
def grant_role(actor, user, agency: Agency, role: str) -> Membership:
    """`user` holds `role` at `agency` (system administrator). Granting a role already held changes nothing."""
    if role not in Role.values:
        raise ValidationError(f"没有“{role}”这个岗位。")
    existing = Membership.objects.filter(user=user, agency=agency, role=role).first()
    if existing is not None:
        return existing

    def build() -> Membership:
        try:
            with transaction.atomic():
                return Membership.objects.create(user=user, agency=agency, role=role)
        except IntegrityError:
            raise ValidationError(f"{user}已在“{agency.name}”担任{Role(role).label}。") from None

    return create(actor, agency, "membership.granted", build, roles=SYSADMIN_ROLES)


@action
def revoke_role(actor, membership: Membership) -> Membership:
    """`membership`'s user no longer holds its role at its agency (system administrator)."""
    return delete(actor, membership, "membership.revoked", roles=SYSADMIN_ROLES)


@action
def change_role(actor, membership: Membership, *, user=None, agency: Agency | None = None,
                role: str | None = None) -> Membership:
    """Move a role grant to another user, agency or role (the admin's edit of a grant): a revoke and a grant,
    both journaled, in one transaction."""
    target = (user or membership.user, agency or membership.agency, role or membership.role)
    if target == (membership.user, membership.agency, membership.role):
        return membership
    with transaction.atomic():
        revoke_role(actor, membership)
        return grant_role(actor, *target)
