/// The analyst cookbook: the queries the README shows, which `datasette-metadata` offers as canned queries.
/// A test checks that the README's block is exactly ``markdown`` and that every recipe runs.
package enum Cookbook {
    /// A named, titled query.
    package struct Recipe: Sendable {
        /// A short name, usable in a URL (Datasette's canned query name).
        package let name: String
        package let title: String
        /// One statement, without the closing semicolon.
        package let sql: String
    }

    /// Also among the demo's queries.
    package static let dndByChannel = Recipe(name: "dnd_by_channel", title: "DND by channel: how many contacts may not be reached on each channel, and how", sql: """
        SELECT channel, status, count(*) AS contacts FROM contact_dnd_settings
        WHERE direction = 'outbound' GROUP BY channel, status ORDER BY channel, status
        """)

    package static let recipes: [Recipe] = [
        Recipe(name: "overview", title: "One row per contact, ready for a spreadsheet", sql: """
            SELECT id, name, email, phone, tags, dnd_sms, dnd_email, first_touch_campaign FROM contact_overview
            """),
        Recipe(name: "tags_per_contact", title: "Tags per contact, in API order (what contact_overview.tags is built from)", sql: """
            SELECT contact_id, group_concat(tag, ', ') AS tags
            FROM (SELECT * FROM contact_tags ORDER BY contact_id, position) GROUP BY contact_id
            """),
        Recipe(name: "contacts_with_tag", title: "Contacts carrying a tag (tags are case-sensitive: 'vip' and 'VIP' differ)", sql: """
            SELECT c.id, c.name, c.email FROM contacts c JOIN contact_tags t ON t.contact_id = c.id WHERE t.tag = 'vip'
            """),
        dndByChannel,
        Recipe(name: "no_sms", title: "Contacts who may not be texted, with the carrier's reason", sql: """
            SELECT c.id, c.phone, d.status, d.message, d.code
            FROM contacts c JOIN contact_dnd_settings d ON d.contact_id = c.id
            WHERE d.direction = 'outbound' AND d.channel = 'SMS' AND d.status IN ('active', 'permanent')
            """),
        Recipe(name: "custom_field_by_name", title: "A custom field by its name (or by field_key = 'contact.pincode'), whatever its type", sql: """
            SELECT contact_id, coalesce(value_text, value_number, value_json) AS value
            FROM contact_custom_field_values WHERE field_name = 'Pincode'
            """),
        Recipe(name: "custom_fields_of_contact", title: "Every custom field of one contact, named", sql: """
            SELECT field_name, data_type, value_json FROM contact_custom_field_values
            WHERE contact_id = 'tJRVC1NxVmMefgpMGeFq' ORDER BY position
            """),
        Recipe(name: "multi_select_options", title: "Multi-select values, one row per option", sql: """
            SELECT v.contact_id, j.value AS option FROM contact_custom_field_values v, json_each(v.value_json) j
            WHERE v.value_type = 'array' AND v.field_key = 'contact.interests'
            """),
        Recipe(name: "first_touch_by_campaign", title: "First-touch attribution by campaign", sql: """
            SELECT coalesce(first_touch_campaign, '(none)') AS campaign, count(*) AS contacts
            FROM contact_overview GROUP BY 1 ORDER BY 2 DESC
            """),
        Recipe(name: "touches_by_utm", title: "Every touch by UTM source and campaign", sql: """
            SELECT utm_source, utm_campaign, count(DISTINCT contact_id) AS contacts FROM contact_attributions
            WHERE origin = 'attributions' GROUP BY 1, 2 ORDER BY 3 DESC
            """),
        Recipe(name: "full_text_search", title: "Full-text search: names, emails, phones, company (prefix search with *, a column with col:)", sql: """
            SELECT c.id, c.name, c.email, c.company_name
            FROM contacts_fts JOIN contacts c ON c.rowid = contacts_fts.rowid
            WHERE contacts_fts MATCH 'smith* OR company_name:acme' ORDER BY rank
            """),
        Recipe(name: "changed_by_latest_run", title: "Contacts changed by the latest run", sql: """
            SELECT contact_id FROM sync_run_contacts WHERE changed = 1 AND run_id = (SELECT max(id) FROM sync_runs)
            """),
        Recipe(name: "deleted_last_30_days", title: "Contacts deleted in HighLevel in the last 30 days", sql: """
            SELECT id, name, email, deleted_at FROM deleted_contacts
            WHERE deleted_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days') ORDER BY deleted_at DESC
            """),
        Recipe(name: "locations_at_a_glance", title: "Per location: contacts, and when each was last synced completely (an agency's book at a glance)", sql: """
            SELECT l.name, l.id, count(c.id) AS contacts, l.last_success_at
            FROM locations l LEFT JOIN contacts c ON c.location_id = l.id AND c.deleted_at IS NULL
            GROUP BY l.id ORDER BY l.last_success_at
            """),
        Recipe(name: "locations_not_succeeded", title: "Locations whose part of the latest run did not succeed, and why", sql: """
            SELECT location_id, status, failures, message FROM sync_run_locations
            WHERE run_id = (SELECT max(id) FROM sync_runs) AND status != 'succeeded'
            """),
        Recipe(name: "latest_run_failures", title: "What the last run could not sync, and why", sql: """
            SELECT reason, http_status, count(*) FROM sync_failures
            WHERE run_id = (SELECT max(id) FROM sync_runs) GROUP BY 1, 2
            """),
    ]

    /// The README's cookbook block: each recipe as a `-- title` comment and its statement.
    package static var markdown: String {
        recipes.map { "-- \($0.title)\n\($0.sql);" }.joined(separator: "\n\n")
    }
}
