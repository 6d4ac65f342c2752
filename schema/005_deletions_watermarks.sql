-- ghl-to-sqlite schema, version 5: deleted contacts, and why an incremental run asked from when it did.

-- When the contact was found deleted in HighLevel (ISO-8601 UTC); NULL while it exists. A full --all run of a
-- location sets it for the stored contacts of that location its complete listing did not return; a GET
-- answered "not found" sets it for that contact. Seen again, a contact gets NULL back. Rows, raw_json and child
-- rows are kept.
ALTER TABLE contacts ADD COLUMN deleted_at TEXT;
CREATE INDEX contacts_deleted_at ON contacts (deleted_at) WHERE deleted_at IS NOT NULL;

ALTER TABLE sync_runs ADD COLUMN contacts_deleted INTEGER NOT NULL DEFAULT 0;  -- contacts this run marked deleted
ALTER TABLE sync_runs ADD COLUMN changed_since_basis TEXT;  -- how changed_since was chosen (the run it starts from, the overlap)

-- The analyst views show live contacts only; deleted ones are in deleted_contacts.
DROP VIEW contact_overview;
DROP VIEW contact_custom_field_values;

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
JOIN contacts AS c ON c.id = v.contact_id AND c.deleted_at IS NULL
LEFT JOIN custom_field_definitions AS d ON d.id = v.field_id;

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
    )
WHERE c.deleted_at IS NULL;

-- Contacts found deleted in HighLevel: what they were when last seen, and when they went.
CREATE VIEW deleted_contacts AS
SELECT
    c.id,
    c.location_id,
    c.name,
    c.email,
    c.phone,
    c.company_name,
    c.date_added,
    c.date_updated,
    c.deleted_at,
    c.synced_at         AS last_synced_at
FROM contacts AS c
WHERE c.deleted_at IS NOT NULL;
