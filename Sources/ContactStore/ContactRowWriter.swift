import ContactNormalization
import GRDB

/// Writes one normalized contact and its child rows with cached, fully bound statements.
enum ContactRowWriter {
    static let contactColumns = [
        "id", "location_id", "name", "first_name", "last_name", "email", "email_lower_case", "timezone",
        "company_name", "phone", "dnd", "type", "source", "assigned_to", "address1", "city", "state", "country",
        "postal_code", "website", "date_of_birth", "date_added", "date_updated", "raw_json", "normalization_version",
        "synced_at", "sync_run_id",
    ]

    /// Inserts or updates the contact unless the stored row already holds the same `raw_json` from the same
    /// normalizer; only then are the child rows replaced. Returns whether anything changed.
    static let upsertSQL: String = {
        let placeholders = Array(repeating: "?", count: contactColumns.count).joined(separator: ", ")
        let updates = contactColumns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return """
            INSERT INTO contacts (\(contactColumns.joined(separator: ", "))) VALUES (\(placeholders))
            ON CONFLICT (id) DO UPDATE SET \(updates)
            WHERE contacts.raw_json IS NOT excluded.raw_json
               OR contacts.normalization_version IS NOT excluded.normalization_version
            """
    }()

    static func upsert(_ normalized: NormalizedContact, runID: Int64, syncedAt: String, in db: Database) throws -> Bool {
        let row = normalized.contact
        let contactID = row.id
        var upsert = RawStatement(try db.cachedStatement(sql: upsertSQL))
        for value in [
            row.id, row.locationID, row.name, row.firstName, row.lastName, row.email, row.emailLowerCase, row.timezone,
            row.companyName, row.phone,
        ] { upsert.bind(value) }
        upsert.bind(row.dnd)
        for value in [
            row.type, row.source, row.assignedTo, row.address1, row.city, row.state, row.country, row.postalCode,
            row.website, row.dateOfBirth, row.dateAdded, row.dateUpdated, row.rawJSON,
        ] { upsert.bind(value) }
        upsert.bind(ContactStore.normalizationVersion)
        upsert.bind(syncedAt)
        upsert.bind(runID)
        try upsert.execute()
        guard db.changesCount > 0 else { return false }

        for table in ["contact_tags", "contact_custom_fields", "contact_attributions", "contact_dnd_settings"] {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE contact_id = ?").execute(arguments: [contactID])
        }
        if !normalized.tags.isEmpty {
            var insert = RawStatement(try db.cachedStatement(sql: "INSERT INTO contact_tags (contact_id, position, tag) VALUES (?, ?, ?)"))
            for tag in normalized.tags {
                insert.bind(contactID)
                insert.bind(tag.position)
                insert.bind(tag.tag)
                try insert.execute()
            }
        }
        if !normalized.customFields.isEmpty {
            var insert = RawStatement(try db.cachedStatement(sql: """
                INSERT INTO contact_custom_fields
                    (contact_id, field_id, position, value_type, value_number, value_json)
                VALUES (?, ?, ?, ?, ?, ?)
                """))  // value_text is generated from value_json (schema 004)
            for field in normalized.customFields {
                insert.bind(contactID)
                insert.bind(field.fieldID)
                insert.bind(field.position)
                insert.bind(field.valueType)
                insert.bind(field.valueNumber)
                insert.bind(field.valueJSON)
                try insert.execute()
            }
        }
        if !normalized.attributions.isEmpty {
            var insert = RawStatement(try db.cachedStatement(sql: """
                INSERT INTO contact_attributions
                    (contact_id, origin, ordinal, url, campaign, utm_source, utm_medium, utm_content, utm_term,
                     utm_campaign, referrer, session_source, medium, medium_id, fbclid, gclid, is_first, is_last, raw_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """))
            for item in normalized.attributions {
                insert.bind(contactID)
                insert.bind(item.origin)
                insert.bind(item.ordinal)
                for value in [
                    item.url, item.campaign, item.utmSource, item.utmMedium, item.utmContent, item.utmTerm,
                    item.utmCampaign, item.referrer, item.sessionSource, item.medium, item.mediumID, item.fbclid,
                    item.gclid,
                ] { insert.bind(value) }
                insert.bind(item.isFirst)
                insert.bind(item.isLast)
                insert.bind(item.rawJSON)
                try insert.execute()
            }
        }
        if !normalized.dndSettings.isEmpty {
            var insert = RawStatement(try db.cachedStatement(sql: """
                INSERT INTO contact_dnd_settings (contact_id, direction, channel, status, message, code)
                VALUES (?, ?, ?, ?, ?, ?)
                """))
            for setting in normalized.dndSettings {
                insert.bind(contactID)
                for value in [setting.direction, setting.channel, setting.status, setting.message, setting.code] {
                    insert.bind(value)
                }
                try insert.execute()
            }
        }
        return true
    }
}
