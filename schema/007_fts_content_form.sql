-- ghl-to-sqlite schema, version 7: contacts_fts declared in the form Datasette and sqlite-utils recognise.
-- Datasette finds a table's full-text index by looking for `content="<table>"` (or `content=[<table>]`) in
-- the virtual table's SQL; version 3 wrote `content = 'contacts'`, which it does not match, so its search box
-- on `contacts` returned unfiltered rows. The index is the same (columns, tokenizer, rowid = contacts.rowid):
-- it is declared again and rebuilt from `contacts`. The triggers of version 3 stay as they are: they name
-- the index, not its declaration, and write to the new one.

DROP TABLE contacts_fts;

CREATE VIRTUAL TABLE contacts_fts USING fts5(
    id UNINDEXED,
    name,
    first_name,
    last_name,
    email,
    phone,
    company_name,
    content="contacts",
    content_rowid="rowid",
    tokenize="unicode61 remove_diacritics 2"
);

INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild');
