"""A tree kept as a materialized path (the agency tree, an agency's 公开目录), as an abstract model.

It imports no app: `agencies.models` derives from it (see `common.models` for the other bases).
"""

from __future__ import annotations

from django.db import models


class PathTree(models.Model):
    """A node of a tree kept as a materialized path: `path` is "/1/5/12/", the ids of its ancestors and
    its own, so a subtree is one `path__startswith` query. The model declares `parent` (a foreign key
    to itself); saving a node keeps its path, and the paths of its subtree, in step with it."""

    path = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # the path holds the primary key: save once to get it, then fix the path (and any subtree moved)
        old_path = self.path
        super().save(*args, **kwargs)
        new_path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if new_path == old_path:
            return
        nodes = type(self)._default_manager
        nodes.filter(pk=self.pk).update(path=new_path)
        self.path = new_path
        if old_path:
            for child in nodes.filter(path__startswith=old_path).exclude(pk=self.pk):
                nodes.filter(pk=child.pk).update(path=new_path + child.path[len(old_path):])
