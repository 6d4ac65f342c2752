-- ghl-to-sqlite schema, version 3: whole-location runs, custom field names, analyst views, full-text search.

-- Where a run's ids came from, and the watermark an incremental run used.
ALTER TABLE sync_runs ADD COLUMN id_source TEXT;      -- 'file' (an id list) or 'location' (POST /contacts/search); NULL before version 3
ALTER TABLE sync_runs ADD COLUMN location_id TEXT;    -- the location searched, for id_source = 'location'
ALTER TABLE sync_runs ADD COLUMN changed_since TEXT;  -- ISO-8601 UTC: only contacts with dateUpdated after this were asked for; NULL = all

-- GET /locations/{id}/customFields?model=contact, refreshed by every run given --location-id.
CREATE TABLE custom_field_definitions (
    id                  TEXT PRIMARY KEY NOT NULL,
    location_id         TEXT    NOT NULL,
    name                TEXT,
    field_key           TEXT,                        -- e.g. contact.pincode
    data_type           TEXT,                        -- TEXT, LARGE_TEXT, NUMERICAL, CHECKBOX, ... as sent
    picklist_options    TEXT,                        -- JSON array as sent, NULL when absent
    position            INTEGER,
    raw_json            TEXT    NOT NULL,            -- the definition exactly as received
    fetched_at          TEXT    NOT NULL,            -- when this version was last returned by the API
    removed_at          TEXT                         -- set when a refresh no longer returns it; values keep their name
);

CREATE INDEX custom_field_definitions_location_id ON custom_field_definitions (location_id);
CREATE INDEX custom_field_definitions_field_key ON custom_field_definitions (field_key);

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

-- One row per contact: core columns, tags, outbound DND per standard channel, first-touch attribution
-- (attributionSource, else the first attributions item marked isFirst; utm_* values before the plain ones).
-- dnd_<channel> is the channel's status as sent (active, inactive, permanent) or NULL when not set.
CREATE VIEW contact_overview AS
SELECT
    c.id,
    c.location_id,
    c.name,
    c.first_name,
    c.last_name,
    c.email,
    c.phone,
    c.company_name,
    c.type,
    c.source,
    c.assigned_to,
    c.city,
    c.state,
    c.country,
    c.date_added,
    c.date_updated,
    (SELECT group_concat(tag, ', ') FROM (
        SELECT tag FROM contact_tags AS t WHERE t.contact_id = c.id ORDER BY t.position
    )) AS tags,
    c.dnd,
    (SELECT status FROM contact_dnd_settings WHERE contact_id = c.id AND direction = 'outbound' AND channel = 'Call')     AS dnd_call,
    (SELECT status FROM contact_dnd_settings WHERE contact_id = c.id AND direction = 'outbound' AND channel = 'Email')    AS dnd_email,
    (SELECT status FROM contact_dnd_settings WHERE contact_id = c.id AND direction = 'outbound' AND channel = 'SMS')      AS dnd_sms,
    (SELECT status FROM contact_dnd_settings WHERE contact_id = c.id AND direction = 'outbound' AND channel = 'WhatsApp') AS dnd_whatsapp,
    (SELECT status FROM contact_dnd_settings WHERE contact_id = c.id AND direction = 'outbound' AND channel = 'GMB')      AS dnd_gmb,
    (SELECT status FROM contact_dnd_settings WHERE contact_id = c.id AND direction = 'outbound' AND channel = 'FB')       AS dnd_fb,
    (SELECT status FROM contact_dnd_settings WHERE contact_id = c.id AND direction = 'inbound' AND channel = 'all')       AS dnd_inbound_all,
    coalesce(ft.utm_source, ft.session_source, fa.utm_source, fa.session_source) AS first_touch_source,
    coalesce(ft.utm_medium, ft.medium, fa.utm_medium, fa.medium)                 AS first_touch_medium,
    coalesce(ft.utm_campaign, ft.campaign, fa.utm_campaign, fa.campaign)         AS first_touch_campaign,
    c.synced_at
FROM contacts AS c
LEFT JOIN contact_attributions AS ft  -- attributionSource is the documented first touch
    ON ft.contact_id = c.id AND ft.origin = 'attributionSource' AND ft.ordinal = 0
LEFT JOIN contact_attributions AS fa  -- else the first attributions item marked isFirst
    ON fa.contact_id = c.id AND fa.origin = 'attributions' AND fa.ordinal = (
        SELECT min(ordinal) FROM contact_attributions
        WHERE contact_id = c.id AND origin = 'attributions' AND is_first = 1
    );

-- Full-text search over names, emails, phones and company. An external-content FTS5 index over contacts:
-- the triggers below keep it in step inside the writer's own transactions, so it is never stale.
-- Query: SELECT c.* FROM contacts_fts JOIN contacts AS c ON c.rowid = contacts_fts.rowid WHERE contacts_fts MATCH 'smith';
CREATE VIRTUAL TABLE contacts_fts USING fts5(
    id UNINDEXED,
    name,
    first_name,
    last_name,
    email,
    phone,
    company_name,
    content = 'contacts',
    content_rowid = 'rowid',
    tokenize = "unicode61 remove_diacritics 2"
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
