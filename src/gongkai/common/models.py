"""What several apps' models share: an agency's own record (an abstract base) and the account that did
something to a record (a field). A tree kept as a path is `common.tree` (the agency tree derives from it,
so it cannot import the scoping this module needs).

Abstract only: `gongkai.common` is no Django app and has no tables or migrations of its own; a field
declared on a base is created in each concrete model's table, as if that model declared it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.scoping import AgencyScopedQuerySet


class AgencyOwned(models.Model):
    """A record that belongs to one agency (its `agency` foreign key, which each model declares with its
    own wording): reached only through `Model.objects.for_user(user)`, the records of the agencies the
    user may see (tenancy in one place, `agencies.scoping`). A model whose queryset adds methods derives
    that queryset from `AgencyScopedQuerySet` and sets `objects` itself."""

    objects = AgencyScopedQuerySet.as_manager()

    class Meta:
        abstract = True


def done_by(verbose_name: str | None = None) -> models.ForeignKey:
    """The staff account that did something to the record (created, reviewed, sent, published it …):
    optional, set to NULL when the account is deleted (the journal keeps the name), and no reverse
    accessor on the user."""
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose_name, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
