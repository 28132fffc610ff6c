"""common.tree.PathTree: a tree kept as a materialized path (the agency tree, an agency's 公开目录) keeps
the paths of a moved node's whole subtree in step, and a save that moves nothing writes no path."""

import pytest

from gongkai.agencies.models import Agency
from gongkai.disclosures.models import CatalogueNode


def _paths(model, *nodes) -> list[str]:
    return [model.objects.get(pk=n.pk).path for n in nodes]


@pytest.mark.django_db
def test_moving_an_agency_moves_its_subtree(agency_tree):
    city, other, county, county_dept = (agency_tree[k] for k in ("city", "other", "county", "county_dept"))
    assert _paths(Agency, county, county_dept) == [f"/{city.pk}/{county.pk}/", f"/{city.pk}/{county.pk}/{county_dept.pk}/"]
    county.parent = other
    county.save()
    moved = f"/{city.pk}/{other.pk}/{county.pk}/"
    assert county.path == moved
    assert _paths(Agency, county, county_dept) == [moved, f"{moved}{county_dept.pk}/"]
    assert list(Agency.objects.subtree(other).order_by("path")) == [other, county, county_dept]
    county.parent = None  # a root
    county.save()
    assert _paths(Agency, county, county_dept) == [f"/{county.pk}/", f"/{county.pk}/{county_dept.pk}/"]


@pytest.mark.django_db
def test_moving_a_catalogue_node_moves_its_subtree(agency_tree):
    agency = agency_tree["dept"]
    a = CatalogueNode.objects.create(agency=agency, name="甲")
    b = CatalogueNode.objects.create(agency=agency, name="乙")
    a1 = CatalogueNode.objects.create(agency=agency, name="甲一", parent=a)
    a11 = CatalogueNode.objects.create(agency=agency, name="甲一一", parent=a1)
    assert _paths(CatalogueNode, a1, a11) == [f"/{a.pk}/{a1.pk}/", f"/{a.pk}/{a1.pk}/{a11.pk}/"]
    a1.parent = b
    a1.save()
    assert _paths(CatalogueNode, a1, a11) == [f"/{b.pk}/{a1.pk}/", f"/{b.pk}/{a1.pk}/{a11.pk}/"]
    assert sorted(b.subtree_ids()) == sorted([b.pk, a1.pk, a11.pk]) and a.subtree_ids() == [a.pk]
    assert a11.depth == 2 and CatalogueNode.objects.get(pk=a11.pk).ancestor_ids() == [b.pk, a1.pk, a11.pk]


@pytest.mark.django_db
def test_a_save_that_moves_nothing_writes_no_path(agency_tree, django_assert_num_queries):
    dept = agency_tree["dept"]
    dept.phone = "0830-1"
    with django_assert_num_queries(1):  # the row's own UPDATE, no path update
        dept.save()
