-- ghl-to-sqlite schema, version 6: many locations in one run.

-- The locations (sub-accounts) this database holds contacts of.
CREATE TABLE locations (
    id                  TEXT PRIMARY KEY NOT NULL,
    name                TEXT,                        -- the label from the config file, or the installed location's name
    first_seen_at       TEXT    NOT NULL,            -- when a run first synced it
    last_success_at     TEXT,                        -- when a run last synced it completely (its part succeeded)
    last_success_run_id INTEGER REFERENCES sync_runs (id)
);

-- Each location's part of a run (a run over a config file's locations has one row per location; a
-- single-location --all run has one too). sync_runs keeps the run's totals.
CREATE TABLE sync_run_locations (
    run_id              INTEGER NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    location_id         TEXT    NOT NULL,
    status              TEXT    NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'aborted', 'interrupted')),
    started_at          TEXT    NOT NULL,
    finished_at         TEXT,
    ids_read            INTEGER NOT NULL DEFAULT 0,
    duplicate_ids       INTEGER NOT NULL DEFAULT 0,
    contacts_synced     INTEGER NOT NULL DEFAULT 0,
    contacts_changed    INTEGER NOT NULL DEFAULT 0,
    contacts_deleted    INTEGER NOT NULL DEFAULT 0,
    failures            INTEGER NOT NULL DEFAULT 0,
    requests            INTEGER NOT NULL DEFAULT 0,
    retries             INTEGER NOT NULL DEFAULT 0,
    rate_limited        INTEGER NOT NULL DEFAULT 0,
    changed_since       TEXT,                        -- the watermark this location's listing used (NULL: all)
    changed_since_basis TEXT,
    message             TEXT,                        -- why the part ended early, when it did
    PRIMARY KEY (run_id, location_id)
) WITHOUT ROWID;

CREATE INDEX sync_run_locations_location ON sync_run_locations (location_id, status);

-- contact_overview gains the location's name (its last column).
DROP VIEW contact_overview;

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
    c.synced_at,
    l.name              AS location_name  -- last, so that readers by position see the columns they saw before
FROM contacts AS c
LEFT JOIN locations AS l ON l.id = c.location_id
LEFT JOIN contact_attributions AS ft  -- attributionSource is the documented first touch
    ON ft.contact_id = c.id AND ft.origin = 'attributionSource' AND ft.ordinal = 0
LEFT JOIN contact_attributions AS fa  -- else the first attributions item marked isFirst
    ON fa.contact_id = c.id AND fa.origin = 'attributions' AND fa.ordinal = (
        SELECT min(ordinal) FROM contact_attributions
        WHERE contact_id = c.id AND origin = 'attributions' AND is_first = 1
    )
WHERE c.deleted_at IS NULL;
