"""Navigation collected from the apps: an AppConfig may declare `staff_nav` and `public_nav` as lists of
(label, url name) pairs, optionally with a third item: the roles that see it (staff nav only)."""

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from gongkai.agencies.scoping import is_sysadmin, visible_agency_ids


def _items(attr, request, roles_held):
    items = []
    for config in apps.get_app_configs():
        for entry in getattr(config, attr, ()):
            label, name, *rest = entry
            if rest and not (set(rest[0]) & roles_held):
                continue
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            items.append({"label": label, "url": url, "active": request.path.startswith(url) and url != "/"})
    return items


def navigation(request):
    user = getattr(request, "user", None)
    roles_held: set[str] = set()
    if user is not None and user.is_authenticated:
        roles_held = {m.role for m in user.memberships.all()}
    context = {"public_nav": _items("public_nav", request, roles_held)}
    if roles_held or (user is not None and user.is_authenticated):
        context["staff_nav"] = _items("staff_nav", request, roles_held)
        context["is_sysadmin"] = is_sysadmin(user)
        context["has_business_scope"] = bool(visible_agency_ids(user))
    return context
