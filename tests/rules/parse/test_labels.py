"""Row labels live in rules.formats only: every key the parser recognizes a row by is a fragment of
that row's standard label or of one of its variant spellings (issue 11 item 5)."""

import pytest

from gongkai.rules.formats import FORMATS
from gongkai.rules.parse.labels import TABLE3_HEADER_WORDS, core, printed, t2_keys, t3_full_keys, t3_keys


def _spellings(row):
    return [printed(x) for x in (row.label, *row.aliases)] + [core(row.item)] if row.item else [
        printed(x) for x in (row.label, *row.aliases)]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_table3_keys_are_fragments_of_the_spec(fmt):
    spec = FORMATS[fmt]
    for row in spec.table3_rows:
        spellings = _spellings(row)
        for key in t3_keys(spec, row.key):
            assert any(key in s for s in spellings), (row.key, key)
        assert t3_full_keys(spec, row.key)[0] == printed(row.label)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_table2_keys_are_fragments_of_the_spec(fmt):
    for _block, row in FORMATS[fmt].table2_rows:
        for key in t2_keys(row):
            assert any(key in s for s in (row.label, *row.aliases)), (row.label, key)


def test_header_words_are_the_spec_columns():
    from gongkai.rules.formats import TABLE3_COLUMNS, TABLE3_LEGAL_PERSON_GROUP

    assert set(TABLE3_HEADER_WORDS) <= {c.label for c in TABLE3_COLUMNS} | {TABLE3_LEGAL_PERSON_GROUP}
