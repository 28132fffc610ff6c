"""The summary counts of a batch audit (reports.audit_batch.batch_counts): one aggregate query, whether the
caller holds the batch's items as a queryset (the 完成 event) or already loaded (the results page)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.reports.models_audit import AuditItem

pytestmark = pytest.mark.django_db


def test_counts_by_one_query_with_unknowns_and_unreadable_files_left_out(agency_tree, make_user,
                                                                         django_assert_num_queries):
    from gongkai.reports.actions import create_audit_batch
    from gongkai.reports.audit_batch import batch_counts, collect

    user = make_user(agency_tree["city"], role="supervisor")
    files = [SimpleUploadedFile(f"{i}.txt", b"x") for i in range(7)]
    batch = create_audit_batch(user, agency_tree["city"], "七份", collect(files))
    # (readable, errors, on_time, copied) of each item: unknown on_time / copied count as neither
    states = [(True, 0, True, False), (True, 2, False, True), (True, 1, None, None), (True, 0, False, False),
              (False, 3, False, True), (False, 0, None, None), (True, 0, True, True)]
    for item, (readable, errors, on_time, copied) in zip(batch.items.order_by("position"), states, strict=True):
        AuditItem.objects.filter(pk=item.pk).update(readable=readable, errors=errors, on_time=on_time, copied=copied)
    expected = {"total": 7, "readable": 5, "unreadable": 2, "with_errors": 2, "late": 2, "copied": 2}
    with django_assert_num_queries(1):
        assert batch_counts(batch.items.all()) == expected
    loaded = list(batch.items.defer("content"))
    with django_assert_num_queries(1):
        assert batch_counts(loaded) == expected
    assert batch_counts(batch.items.none()) == dict.fromkeys(expected, 0)
