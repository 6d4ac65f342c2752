-- ghl-to-sqlite schema, version 1.
-- Names here are a contract: analysts and pipelines query them directly. Add columns and tables in new
-- numbered files; never edit a migration that has shipped.

CREATE TABLE sync_runs (
    id                  INTEGER PRIMARY KEY,
    started_at          TEXT    NOT NULL,            -- ISO-8601 UTC
    finished_at         TEXT,                        -- NULL while running or after a kill
    status              TEXT    NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'aborted', 'interrupted')),
    ids_read            INTEGER NOT NULL DEFAULT 0,  -- distinct ids (valid or not) read from the id list
    duplicate_ids       INTEGER NOT NULL DEFAULT 0,  -- repeated lines, fetched once
    contacts_synced     INTEGER NOT NULL DEFAULT 0,  -- contacts fetched and stored by this run
    contacts_changed    INTEGER NOT NULL DEFAULT 0,  -- of those, how many differed from what was stored
    failures            INTEGER NOT NULL DEFAULT 0,  -- ids recorded in sync_failures for this run
    requests            INTEGER NOT NULL DEFAULT 0,  -- HTTP requests sent
    retries             INTEGER NOT NULL DEFAULT 0,  -- requests that repeated an earlier attempt
    rate_limited        INTEGER NOT NULL DEFAULT 0,  -- responses with status 429
    message             TEXT                         -- why the run aborted, when it did
);

CREATE TABLE contacts (
    id                  TEXT PRIMARY KEY NOT NULL,
    location_id         TEXT,
    name                TEXT,
    first_name          TEXT,
    last_name           TEXT,
    email               TEXT,
    email_lower_case    TEXT,
    timezone            TEXT,
    company_name        TEXT,
    phone               TEXT,
    dnd                 INTEGER CHECK (dnd IN (0, 1)),
    type                TEXT,
    source              TEXT,
    assigned_to         TEXT,
    address1            TEXT,
    city                TEXT,
    state               TEXT,
    country             TEXT,
    postal_code         TEXT,
    website             TEXT,
    date_of_birth       TEXT,                        -- YYYY-MM-DD
    date_added          TEXT,                        -- ISO-8601 as sent
    date_updated        TEXT,                        -- ISO-8601 as sent
    raw_json            TEXT    NOT NULL,            -- the contact object exactly as received
    normalization_version INTEGER NOT NULL,          -- which normalizer produced the child rows
    synced_at           TEXT    NOT NULL,            -- when this version of the contact was stored
    sync_run_id         INTEGER NOT NULL REFERENCES sync_runs (id)
);  -- a rowid table: raw_json can be hundreds of KB, and WITHOUT ROWID tables move whole rows on page splits

CREATE INDEX contacts_location_id ON contacts (location_id);
CREATE INDEX contacts_email_lower_case ON contacts (email_lower_case);
CREATE INDEX contacts_date_updated ON contacts (date_updated);

CREATE TABLE contact_tags (
    contact_id          TEXT    NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position            INTEGER NOT NULL,            -- 0-based, API order
    tag                 TEXT    NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

CREATE INDEX contact_tags_tag ON contact_tags (tag);

CREATE TABLE contact_custom_fields (
    contact_id          TEXT    NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    field_id            TEXT    NOT NULL,
    position            INTEGER NOT NULL,            -- 0-based index in customFields
    value_type          TEXT    NOT NULL CHECK (value_type IN ('string', 'number', 'boolean', 'array', 'object', 'null')),
    value_text          TEXT,                        -- the string, for strings
    value_number        REAL,                        -- the number, for numbers
    value_json          TEXT    NOT NULL,            -- the value as JSON, always
    PRIMARY KEY (contact_id, field_id)
) WITHOUT ROWID;

CREATE INDEX contact_custom_fields_field_id ON contact_custom_fields (field_id);

CREATE TABLE contact_attributions (
    contact_id          TEXT    NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    origin              TEXT    NOT NULL CHECK (origin IN ('attributions', 'attributionSource', 'lastAttributionSource')),
    ordinal             INTEGER NOT NULL,
    url                 TEXT,
    campaign            TEXT,
    utm_source          TEXT,
    utm_medium          TEXT,
    utm_content         TEXT,
    utm_term            TEXT,
    utm_campaign        TEXT,
    referrer            TEXT,
    session_source      TEXT,
    medium              TEXT,
    medium_id           TEXT,
    fbclid              TEXT,
    gclid               TEXT,
    is_first            INTEGER CHECK (is_first IN (0, 1)),
    is_last             INTEGER CHECK (is_last IN (0, 1)),
    raw_json            TEXT    NOT NULL,
    PRIMARY KEY (contact_id, origin, ordinal)
) WITHOUT ROWID;

CREATE INDEX contact_attributions_campaign ON contact_attributions (campaign);
CREATE INDEX contact_attributions_utm_campaign ON contact_attributions (utm_campaign);

CREATE TABLE contact_dnd_settings (
    contact_id          TEXT    NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    direction           TEXT    NOT NULL CHECK (direction IN ('outbound', 'inbound')),
    channel             TEXT    NOT NULL,            -- the key as sent: Call, SMS, ..., all, or a new one
    status              TEXT,
    message             TEXT,
    code                TEXT,
    PRIMARY KEY (contact_id, direction, channel)
) WITHOUT ROWID;

CREATE INDEX contact_dnd_settings_channel_status ON contact_dnd_settings (channel, status);

CREATE TABLE sync_failures (
    run_id              INTEGER NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    contact_id          TEXT    NOT NULL,            -- the id as read (made printable and cut to 100 characters when invalid)
    reason              TEXT    NOT NULL,            -- invalid_id, not_found, http_error, retries_exhausted, undecodable, ...
    http_status         INTEGER,
    message             TEXT,
    trace_id            TEXT,
    attempts            INTEGER NOT NULL DEFAULT 0,  -- requests made for this id (0 for invalid ids)
    line_number         INTEGER,                     -- where the id was read in the id list
    failed_at           TEXT    NOT NULL,
    PRIMARY KEY (run_id, contact_id)
) WITHOUT ROWID;

CREATE INDEX sync_failures_contact_id ON sync_failures (contact_id);

-- Which ids a run has stored: what --resume skips, and the audit trail of every run.
CREATE TABLE sync_run_contacts (
    run_id              INTEGER NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    contact_id          TEXT    NOT NULL,
    changed             INTEGER NOT NULL CHECK (changed IN (0, 1)),
    PRIMARY KEY (run_id, contact_id)
) WITHOUT ROWID;
