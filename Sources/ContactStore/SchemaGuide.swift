/// What every table, view and column of the database means: the one description that `datasette-metadata`
/// writes and that the README's schema tables are checked against (a test compares both with a migrated
/// database, so a column cannot be added without being described).
package enum SchemaGuide {
    /// A table or view of the contract.
    package struct Relation: Sendable {
        package enum Kind: String, Sendable { case table, view }

        package let name: String
        package let kind: Kind
        /// What one row is, as the README's "one row per" column says it.
        package let row: String
        package let description: String
        /// Every column, in the database's order, with what it holds.
        package let columns: [(key: String, value: String)]
        /// The columns Datasette offers as facets when the table opens.
        package let facets: [String]

        init(
            _ name: String, _ kind: Kind = .table, row: String, _ description: String, facets: [String] = [],
            columns: KeyValuePairs<String, String>
        ) {
            self.init(name, kind, row: row, description, facets: facets, columnList: Array(columns))
        }

        init(
            _ name: String, _ kind: Kind = .table, row: String, _ description: String, facets: [String] = [],
            columnList: [(key: String, value: String)]
        ) {
            self.name = name
            self.kind = kind
            self.row = row
            self.description = description
            self.columns = columnList
            self.facets = facets
        }
    }

    /// Tables the job keeps for itself: present in the file, not part of the contract.
    package static let internalTables = ["grdb_migrations"]

    package static let title = "HighLevel contacts (ghl-to-sqlite)"
    package static let description = """
        HighLevel (LeadConnector) CRM contacts copied by ghl-to-sqlite: each contact's fields, tags, custom \
        fields, attributions and Do-Not-Disturb settings, with a record of every run and every id it could \
        not sync. raw_json keeps each contact exactly as the API sent it.
        """

    private static let contactID = "The contact's id (contacts.id)."
    private static let runID = "The run (sync_runs.id)."
    private static let liveOnly = " Contacts found deleted in HighLevel are left out (see deleted_contacts)."

    private static let contacts = Relation("contacts", row: "contact", """
        One row per contact ever synced, deleted ones included (deleted_at set). The standard fields as \
        columns; raw_json holds the whole contact as received.
        """, facets: ["type", "source"], columns: [
            "id": "The HighLevel contact id.",
            "location_id": "The location (sub-account) the contact belongs to.",
            "name": "The contact's full name as sent.",
            "first_name": "First name.",
            "last_name": "Last name.",
            "email": "Email address as entered.",
            "email_lower_case": "The email lower-cased by HighLevel, for matching.",
            "timezone": "The contact's time zone (an IANA name such as America/Chicago).",
            "company_name": "Company name.",
            "phone": "Phone number as sent (usually E.164).",
            "dnd": "Do Not Disturb on all channels: 1 when set, 0 when not, NULL when the API did not say.",
            "type": "lead, customer, … as sent.",
            "source": "Where the contact came from, as sent.",
            "assigned_to": "The user the contact is assigned to (a user id).",
            "address1": "Street address.",
            "city": "City.",
            "state": "State or region.",
            "country": "Country code as sent (US, GB, …).",
            "postal_code": "Postal code.",
            "website": "Website.",
            "date_of_birth": "Date of birth as YYYY-MM-DD, read from any of the three shapes the API uses.",
            "date_added": "When the contact was created in HighLevel (ISO-8601 as sent).",
            "date_updated": "When the contact was last changed in HighLevel (ISO-8601 as sent).",
            "raw_json": "The contact object byte for byte as received: every field, mapped or not.",
            "normalization_version": "The version of the mapping that filled the columns from raw_json.",
            "synced_at": "When this version of the contact was first stored (UTC).",
            "sync_run_id": "The run that stored this version (sync_runs.id).",
            "deleted_at": "When the contact was found deleted in HighLevel; NULL while it exists.",
        ])

    /// Columns that copy contact fields, described as the fields are.
    private static func copies(_ names: String...) -> [(key: String, value: String)] {
        names.map { name in (name, contacts.columns.first { $0.key == name }?.value ?? "") }
    }

    package static let relations: [Relation] = [
        contacts,
        Relation("contact_tags", row: "tag of a contact", "Each tag of each contact, in the order the API sent them.",
                 facets: ["tag"], columns: [
                    "contact_id": contactID,
                    "position": "The tag's place in the contact's list (0 first, API order).",
                    "tag": "The tag, case-sensitive as sent.",
                 ]),
        Relation("contact_custom_fields", row: "custom field value", """
            Each custom field value of each contact, whatever its type. contact_custom_field_values adds the \
            field's name.
            """, facets: ["value_type"], columns: [
                "contact_id": contactID,
                "field_id": "The custom field's id (custom_field_definitions.id).",
                "position": "The value's place in the contact's customFields list.",
                "value_type": "The JSON type of the value: string, number, boolean, array, object or null.",
                "value_text": "The value when it is a string (generated from value_json).",
                "value_number": "The value when it is a number.",
                "value_json": "The value as JSON, numbers exactly as sent.",
            ]),
        Relation("contact_attributions", row: "attribution object", """
            Each attribution of each contact: the attributions list, attributionSource (first touch) and \
            lastAttributionSource (last touch).
            """, facets: ["origin", "utm_source"], columns: [
                "contact_id": contactID,
                "origin": "Where it came from: attributions, attributionSource or lastAttributionSource.",
                "ordinal": "The item's place in the attributions list (0 for the two single sources).",
                "url": "The page the visit landed on.",
                "campaign": "Campaign as sent.",
                "utm_source": "utm_source.",
                "utm_medium": "utm_medium.",
                "utm_content": "utm_content.",
                "utm_term": "utm_term.",
                "utm_campaign": "utm_campaign.",
                "referrer": "The referring page.",
                "session_source": "HighLevel's session source (Direct traffic, Paid Search, …).",
                "medium": "Medium as sent (form, survey, …).",
                "medium_id": "The id of the form, survey or page.",
                "fbclid": "Facebook click id.",
                "gclid": "Google click id.",
                "is_first": "1 when HighLevel marks this the first attribution.",
                "is_last": "1 when HighLevel marks this the last attribution.",
                "raw_json": "The attribution object as received.",
            ]),
        Relation("contact_dnd_settings", row: "DND channel setting", """
            Each per-channel Do-Not-Disturb setting of each contact, outbound (dndSettings) and inbound \
            (inboundDndSettings); a channel the API did not send has no row.
            """, facets: ["direction", "channel", "status"], columns: [
                "contact_id": contactID,
                "direction": "outbound (from dndSettings) or inbound (from inboundDndSettings).",
                "channel": "The channel as sent: Call, SMS, Email, WhatsApp, GMB, FB, all, or a new one.",
                "status": "active, inactive or permanent, as sent.",
                "message": "The reason HighLevel gives for the setting.",
                "code": "The code HighLevel gives for the setting.",
            ]),
        Relation("sync_runs", row: "run", """
            Every run of the job: when, how it ended, and its counters (a resumed run's counters include its \
            earlier attempts).
            """, facets: ["status", "id_source"], columns: [
                "id": "The run's number.",
                "started_at": "When the run started (UTC).",
                "finished_at": "When it ended; NULL while running or when it was killed.",
                "status": "running, succeeded, partial (some ids failed), aborted or interrupted.",
                "ids_read": "Ids read from the list or the listing.",
                "duplicate_ids": "Ids that appeared more than once and were fetched once.",
                "contacts_synced": "Contacts stored.",
                "contacts_changed": "Contacts stored that were new or different from the stored version.",
                "failures": "Ids that could not be synced (see sync_failures).",
                "requests": "HTTP requests sent.",
                "retries": "Requests that were retries.",
                "rate_limited": "Responses that were 429 Too Many Requests.",
                "message": "Why the run ended early, when it did.",
                "id_source": "Where the ids came from: file (an id list) or location (a listing of a location).",
                "location_id": "The location of a single-location run.",
                "changed_since": "The watermark of an incremental run; NULL for a full run.",
                "contacts_deleted": "Contacts this run marked deleted.",
                "changed_since_basis": "How changed_since was chosen: given, or the previous succeeded run's start less the overlap.",
            ]),
        Relation("sync_failures", row: "id a run could not sync", """
            Every id a run could not sync, with the reason; a later run that syncs it does not remove the row.
            """, facets: ["reason", "http_status"], columns: [
                "run_id": runID,
                "contact_id": "The id that failed, as read.",
                "reason": "Why: " + FailureReason.allCases.map(\.rawValue).joined(separator: ", ") + ".",
                "http_status": "The last HTTP status, when there was a response.",
                "message": "The API's message or the error.",
                "trace_id": "HighLevel's traceId for the last response, to quote to support.",
                "attempts": "Attempts made.",
                "line_number": "The id's line in the id file.",
                "failed_at": "When it was recorded (UTC).",
            ]),
        Relation("sync_run_contacts", row: "id a run stored", "Every contact each run stored.", columns: [
            "run_id": runID,
            "contact_id": contactID,
            "changed": "1 when this run changed the stored contact (new or different), 0 when it was the same.",
        ]),
        Relation("locations", row: "location (sub-account) synced", "Every location a run has synced.", columns: [
            "id": "The location id.",
            "name": "The config's label, or the installed location's name.",
            "first_seen_at": "When a run first synced it (UTC).",
            "last_success_at": "When a run last synced it completely (UTC).",
            "last_success_run_id": "The run that last synced it completely.",
        ]),
        Relation("sync_run_locations", row: "location's part of a run", """
            Each location's part of a run over several locations, with its own status and counters.
            """, facets: ["status"], columns: [
                "run_id": runID,
                "location_id": "The location (locations.id).",
                "status": "running, succeeded, partial, aborted or interrupted.",
                "started_at": "When this part started (UTC).",
                "finished_at": "When it ended.",
                "ids_read": "Ids the location's listing returned.",
                "duplicate_ids": "Ids listed more than once.",
                "contacts_synced": "Contacts stored.",
                "contacts_changed": "Contacts stored that were new or different.",
                "contacts_deleted": "Contacts marked deleted.",
                "failures": "Ids that could not be synced.",
                "requests": "HTTP requests sent.",
                "retries": "Requests that were retries.",
                "rate_limited": "Responses that were 429 Too Many Requests.",
                "changed_since": "The watermark of an incremental part; NULL for a full listing.",
                "changed_since_basis": "How changed_since was chosen.",
                "message": "Why the part ended early, when it did.",
            ]),
        Relation("deferred_indexes", row: "index waiting to be built", """
            Secondary indexes a first load (a run into a database with no contacts) dropped, to build them when \
            it ends; empty otherwise. Queries return the same rows while an index waits, only slower. A run \
            killed before its end leaves its rows here, and the next run builds them when it ends.
            """, columns: [
                "name": "The index's name.",
                "sql": "Its CREATE INDEX statement.",
                "run_id": "The run that dropped it.",
                "deferred_at": "When (UTC).",
            ]),
        Relation("custom_field_definitions", row: "custom field of a location", """
            The custom fields each location defines, refreshed by every run over a location.
            """, facets: ["data_type"], columns: [
                "id": "The custom field's id.",
                "location_id": "The location that defines it.",
                "name": "The field's name as shown in HighLevel.",
                "field_key": "Its key (contact.pincode).",
                "data_type": "TEXT, NUMERICAL, CHECKBOX, … as sent.",
                "picklist_options": "The options of a picklist field, as a JSON array.",
                "position": "Its place in HighLevel's list.",
                "raw_json": "The definition as received.",
                "fetched_at": "When it was last fetched (UTC).",
                "removed_at": "When the API stopped returning it; its values keep their name.",
            ]),
        Relation("contact_overview", .view, row: "live contact", """
            One row per contact that still exists, ready for a spreadsheet: the main fields, tags, outbound \
            DND per channel and first-touch attribution.
            """ + liveOnly, facets: ["type", "dnd_sms", "dnd_email"], columnList: copies(
                "id", "location_id", "name", "first_name", "last_name", "email", "phone", "company_name", "type",
                "source", "assigned_to", "city", "state", "country", "date_added", "date_updated"
            ) + [
                ("tags", "Its tags, comma-separated, in API order."),
            ] + copies("dnd") + [
                ("dnd_call", "Outbound DND status for calls as sent; NULL when not set."),
                ("dnd_email", "Outbound DND status for email; NULL when not set."),
                ("dnd_sms", "Outbound DND status for SMS; NULL when not set."),
                ("dnd_whatsapp", "Outbound DND status for WhatsApp; NULL when not set."),
                ("dnd_gmb", "Outbound DND status for Google Business messages; NULL when not set."),
                ("dnd_fb", "Outbound DND status for Facebook; NULL when not set."),
                ("dnd_inbound_all", "Inbound DND status for all channels; NULL when not set."),
                ("first_touch_source", "First-touch source: attributionSource, else the first attribution marked isFirst (utm_source before session_source)."),
                ("first_touch_medium", "First-touch medium (utm_medium before medium)."),
                ("first_touch_campaign", "First-touch campaign (utm_campaign before campaign)."),
                ("synced_at", "When this version was stored (UTC)."),
                ("location_name", "The location's name (locations.name)."),
            ]),
        Relation("contact_custom_field_values", .view, row: "custom field value of a live contact", """
            Every custom field value of a contact that still exists, with its field's definition (names are \
            NULL until a run with --location-id has fetched the definitions).
            """, facets: ["field_name", "value_type"], columns: [
                "contact_id": contactID,
                "field_id": "The custom field's id.",
                "field_name": "The field's name.",
                "field_key": "The field's key (contact.pincode).",
                "data_type": "The field's type in HighLevel (TEXT, NUMERICAL, …).",
                "position": "The value's place in the contact's list.",
                "value_type": "The JSON type of the value.",
                "value_text": "The value when it is a string.",
                "value_number": "The value when it is a number.",
                "value_json": "The value as JSON.",
            ]),
        Relation("deleted_contacts", .view, row: "contact found deleted", """
            Contacts found deleted in HighLevel (by a full listing that left them out, or a fetch that found \
            them gone); a contact seen again leaves this view.
            """, columnList: copies("id", "location_id", "name", "email", "phone", "company_name", "date_added") + [
                ("date_updated", "Last changed in HighLevel before it was deleted."),
            ] + copies("deleted_at") + [
                ("last_synced_at", "When it was last stored."),
            ]),
        Relation("contacts_fts", row: "contact, for full-text search", """
            The FTS5 full-text index of contacts (accents folded: zoe finds Zoë); its rowid is the contact's \
            rowid. Kept current by triggers in the same transaction as every contact write.
            """, columnList: copies("id", "name", "first_name", "last_name", "email", "phone", "company_name")),
    ]
}
