"""The full-text index behind disclosures.search, per database:
- SQLite: a contentless FTS5 table (rowid = SearchDoc.id, the sort key) over the bigrams and tag tokens;
- PostgreSQL: a text[] column of bigrams and tags on the SearchDoc table with a GIN index.
Other databases get neither and search by scanning."""

from django.db import migrations


class VendorSQL(migrations.RunSQL):
    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_initial")]

    operations = [
        VendorSQL(
            "sqlite",
            "CREATE VIRTUAL TABLE disclosures_fts USING fts5(grams, tags, content='', tokenize='unicode61')",
            "DROP TABLE IF EXISTS disclosures_fts",
        ),
        VendorSQL(
            "postgresql",
            [
                "ALTER TABLE disclosures_searchdoc ADD COLUMN grams text[] NOT NULL DEFAULT '{}'",
                "CREATE INDEX disclosures_searchdoc_grams ON disclosures_searchdoc USING gin (grams)",
            ],
            [
                "DROP INDEX IF EXISTS disclosures_searchdoc_grams",
                "ALTER TABLE disclosures_searchdoc DROP COLUMN IF EXISTS grams",
            ],
        ),
    ]
