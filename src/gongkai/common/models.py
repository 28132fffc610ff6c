"""Abstract bases of what several apps' models are: here an agency's own record; a tree kept as a path
is `common.tree` (the agency tree derives from it, so it cannot import the scoping this module needs).

Abstract only: `gongkai.common` is no Django app and has no tables or migrations of its own; a field
declared on a base is created in each concrete model's table, as if that model declared it.
"""

from __future__ import annotations

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
