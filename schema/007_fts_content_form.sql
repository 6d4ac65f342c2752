-- ghl-to-sqlite schema, version 7: contacts_fts declared in the form Datasette and sqlite-utils recognise.
-- Datasette finds a table's full-text index by looking for `content="<table>"` (or `content=[<table>]`) in
-- the virtual table's SQL; version 3 wrote `content = 'contacts'`, which it does not match, so its search box
-- on `contacts` returned unfiltered rows. The index is the same (columns, tokenizer, rowid = contacts.rowid,
-- triggers): it is declared again and rebuilt from `contacts`.

DROP TRIGGER contacts_fts_after_insert;
DROP TRIGGER contacts_fts_after_delete;
DROP TRIGGER contacts_fts_after_update;
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

CREATE TRIGGER contacts_fts_after_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, id, name, first_name, last_name, email, phone, company_name)
    VALUES (new.rowid, new.id, new.name, new.first_name, new.last_name, new.email, new.phone, new.company_name);
END;

CREATE TRIGGER contacts_fts_after_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, id, name, first_name, last_name, email, phone, company_name)
    VALUES ('delete', old.rowid, old.id, old.name, old.first_name, old.last_name, old.email, old.phone, old.company_name);
END;

CREATE TRIGGER contacts_fts_after_update AFTER UPDATE OF id, name, first_name, last_name, email, phone, company_name ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, id, name, first_name, last_name, email, phone, company_name)
    VALUES ('delete', old.rowid, old.id, old.name, old.first_name, old.last_name, old.email, old.phone, old.company_name);
    INSERT INTO contacts_fts (rowid, id, name, first_name, last_name, email, phone, company_name)
    VALUES (new.rowid, new.id, new.name, new.first_name, new.last_name, new.email, new.phone, new.company_name);
END;

INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild');
