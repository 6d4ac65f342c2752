import ContactNormalization
import GRDB

/// Writes one normalized contact and its child rows with cached, fully bound statements.
enum ContactRowWriter {
    // The column tables below are immutable after initialization (their closures capture only key paths), so
    // reading them from any thread is safe; `ColumnTable` is not `Sendable` only because its closures are not.

    /// A contact row with what the writer adds to it.
    struct StoredContact {
        let row: ContactRow
        let syncedAt: String
        let runID: Int64
        var normalizationVersion: Int { ContactNormalizer.version }
    }

    /// A child row with the id of its contact.
    struct Child<Row> {
        let contactID: String
        let row: Row
    }

    nonisolated(unsafe) static let contacts = ColumnTable<StoredContact>("contacts", [
        .text("id", \.row.id), .text("location_id", \.row.locationID), .text("name", \.row.name),
        .text("first_name", \.row.firstName), .text("last_name", \.row.lastName), .text("email", \.row.email),
        .text("email_lower_case", \.row.emailLowerCase), .text("timezone", \.row.timezone),
        .text("company_name", \.row.companyName), .text("phone", \.row.phone), .flag("dnd", \.row.dnd),
        .text("type", \.row.type), .text("source", \.row.source), .text("assigned_to", \.row.assignedTo),
        .text("address1", \.row.address1), .text("city", \.row.city), .text("state", \.row.state),
        .text("country", \.row.country), .text("postal_code", \.row.postalCode), .text("website", \.row.website),
        .text("date_of_birth", \.row.dateOfBirth), .text("date_added", \.row.dateAdded),
        .text("date_updated", \.row.dateUpdated), .text("raw_json", \.row.rawJSON),
        .integer("normalization_version", \.normalizationVersion), .text("synced_at", \.syncedAt),
        .integer("sync_run_id", \.runID), .null("deleted_at"),
    ])

    nonisolated(unsafe) static let tags = ColumnTable<Child<TagRow>>("contact_tags", [
        .text("contact_id", \.contactID), .integer("position", \.row.position), .text("tag", \.row.tag),
    ])

    /// `value_text` is generated from `value_json` (schema 004), so it is not written.
    nonisolated(unsafe) static let customFields = ColumnTable<Child<CustomFieldRow>>("contact_custom_fields", [
        .text("contact_id", \.contactID), .text("field_id", \.row.fieldID), .integer("position", \.row.position),
        .code("value_type", \.row.valueType), .real("value_number", \.row.valueNumber),
        .text("value_json", \.row.valueJSON),
    ])

    nonisolated(unsafe) static let attributions = ColumnTable<Child<AttributionRow>>("contact_attributions", [
        .text("contact_id", \.contactID), .code("origin", \.row.origin), .integer("ordinal", \.row.ordinal),
        .text("url", \.row.url), .text("campaign", \.row.campaign), .text("utm_source", \.row.utmSource),
        .text("utm_medium", \.row.utmMedium), .text("utm_content", \.row.utmContent), .text("utm_term", \.row.utmTerm),
        .text("utm_campaign", \.row.utmCampaign), .text("referrer", \.row.referrer),
        .text("session_source", \.row.sessionSource), .text("medium", \.row.medium), .text("medium_id", \.row.mediumID),
        .text("fbclid", \.row.fbclid), .text("gclid", \.row.gclid), .flag("is_first", \.row.isFirst),
        .flag("is_last", \.row.isLast), .text("raw_json", \.row.rawJSON),
    ])

    nonisolated(unsafe) static let dndSettings = ColumnTable<Child<DNDSettingRow>>("contact_dnd_settings", [
        .text("contact_id", \.contactID), .code("direction", \.row.direction), .text("channel", \.row.channel),
        .text("status", \.row.status), .text("message", \.row.message), .text("code", \.row.code),
    ])

    /// Inserts the contact or updates every column of the stored row (`upsert` has already decided that it
    /// changed).
    static let upsertSQL = contacts.upsertSQL(conflictOn: ["id"])

    /// The deletes of a contact's child rows, one per child table.
    static let deleteChildrenSQL = [tags.table, customFields.table, attributions.table, dndSettings.table].map {
        "DELETE FROM \($0) WHERE contact_id = ?"
    }

    /// Writes `fetched` unless the stored row already holds the same `raw_json` from the same normalizer and is
    /// not marked deleted (a contact seen again is live again); only then are the child rows replaced. Returns
    /// whether anything changed.
    static func upsert(_ fetched: NormalizedContact, runID: Int64, syncedAt: String, in db: Database) throws -> Bool {
        // Whether a row for the id is stored. Without one there are no child rows to replace either: they
        // reference their contact, and foreign keys are on. With the same one, nothing is written, and a
        // deferred contact is not normalized: a re-sync of unchanged contacts skips the work.
        var same = try SQLStatement(db, cached: """
            SELECT IFNULL(raw_json = ? AND normalization_version = ? AND deleted_at IS NULL, 0)
            FROM contacts WHERE id = ?
            """)
        same.bind(fetched.contact.rawJSON)
        same.bind(ContactNormalizer.version)
        same.bind(fetched.contact.id)
        let stored: Bool
        switch try same.fetchInt64() {
        case nil: stored = false
        case 0?: stored = true
        default: return false
        }
        let normalized = fetched.normalized()
        let contactID = normalized.contact.id
        var upsert = try SQLStatement(db, cached: upsertSQL)
        contacts.bind(StoredContact(row: normalized.contact, syncedAt: syncedAt, runID: runID), to: &upsert)
        try upsert.execute()

        if stored {
            for sql in deleteChildrenSQL {
                var delete = try SQLStatement(db, cached: sql)
                delete.bind(contactID)
                try delete.execute()
            }
        }
        try insert(normalized.tags, of: contactID, into: tags, in: db)
        try insert(normalized.customFields, of: contactID, into: customFields, in: db)
        try insert(normalized.attributions, of: contactID, into: attributions, in: db)
        try insert(normalized.dndSettings, of: contactID, into: dndSettings, in: db)
        return true
    }

    private static func insert<Row>(
        _ rows: [Row], of contactID: String, into table: ColumnTable<Child<Row>>, in db: Database
    ) throws {
        guard !rows.isEmpty else { return }
        var statement = try SQLStatement(db, cached: table.insertSQL)
        for row in rows {
            table.bind(Child(contactID: contactID, row: row), to: &statement)
            try statement.execute()
        }
    }
}
