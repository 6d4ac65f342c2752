-- ghl-to-sqlite schema, version 4: contact_custom_fields.value_text is computed from value_json.
-- Every string value was stored twice, as value_text and as the same string quoted in value_json. Long
-- text fields make that about a fifth of a database's bytes, each written twice under WAL. value_text is
-- now a virtual generated column (the string value_json holds, for strings; NULL otherwise): queries read
-- the same values as before, computed when read. Column order, key and index are unchanged; the view that
-- reads the table is dropped and recreated as it was, since a table it reads cannot be renamed under it.

DROP VIEW contact_custom_field_values;

CREATE TABLE contact_custom_fields_new (
    contact_id          TEXT    NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    field_id            TEXT    NOT NULL,
    position            INTEGER NOT NULL,            -- 0-based index in customFields
    value_type          TEXT    NOT NULL CHECK (value_type IN ('string', 'number', 'boolean', 'array', 'object', 'null')),
    value_text          TEXT    GENERATED ALWAYS AS  -- the string, for strings (computed from value_json)
                            (CASE WHEN value_type = 'string' THEN json_extract(value_json, '$') END) VIRTUAL,
    value_number        REAL,                        -- the number, for numbers
    value_json          TEXT    NOT NULL,            -- the value as JSON, always
    PRIMARY KEY (contact_id, field_id)
);

INSERT INTO contact_custom_fields_new (contact_id, field_id, position, value_type, value_number, value_json)
SELECT contact_id, field_id, position, value_type, value_number, value_json
FROM contact_custom_fields
ORDER BY rowid;

DROP TABLE contact_custom_fields;
ALTER TABLE contact_custom_fields_new RENAME TO contact_custom_fields;
CREATE INDEX contact_custom_fields_field_id ON contact_custom_fields (field_id);

-- Every custom field value with the name, key and type of its field (NULL when no definition is stored).
CREATE VIEW contact_custom_field_values AS
SELECT
    v.contact_id,
    v.field_id,
    d.name              AS field_name,
    d.field_key,
    d.data_type,
    v.position,
    v.value_type,
    v.value_text,
    v.value_number,
    v.value_json
FROM contact_custom_fields AS v
LEFT JOIN custom_field_definitions AS d ON d.id = v.field_id;
