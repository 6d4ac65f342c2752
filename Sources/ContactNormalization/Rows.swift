package import LosslessJSON

/// The `contacts` row for one contact (column names in the schema are the snake_case of these).
package struct ContactRow: Sendable, Equatable {
    package var id: String
    package var locationID: String?
    package var name: String?, firstName: String?, lastName: String?
    package var email: String?, emailLowerCase: String?, phone: String?
    package var timezone: String?, companyName: String?, website: String?
    package var dnd: Bool?
    /// `lead` or `customer`, as sent.
    package var type: String?
    package var source: String?, assignedTo: String?
    package var address1: String?, city: String?, state: String?, country: String?, postalCode: String?
    /// `YYYY-MM-DD`, whichever of the three shapes the API sent.
    package var dateOfBirth: String?
    /// ISO-8601 as sent.
    package var dateAdded: String?, dateUpdated: String?
    /// The contact object exactly as received.
    package var rawJSON: String

    package init(id: String, rawJSON: String) {
        (self.id, self.rawJSON) = (id, rawJSON)
    }
}

/// A `contact_tags` row.
package struct TagRow: Sendable, Equatable {
    /// 0-based index in the API's `tags` array.
    package var position: Int
    package var tag: String

    package init(position: Int, tag: String) {
        (self.position, self.tag) = (position, tag)
    }
}

/// A `contact_custom_fields` row.
package struct CustomFieldRow: Sendable, Equatable {
    package var fieldID: String
    /// 0-based index in the API's `customFields` array.
    package var position: Int
    /// The JSON type of the value.
    package var valueType: CustomFieldValueType
    /// The number, when the value is a number.
    package var valueNumber: Double?
    /// The value as compact JSON, always (numbers exactly as sent).
    package var valueJSON: String

    package init(fieldID: String, position: Int, valueType: CustomFieldValueType, valueNumber: Double?, valueJSON: String) {
        self.fieldID = fieldID
        self.position = position
        self.valueType = valueType
        self.valueNumber = valueNumber
        self.valueJSON = valueJSON
    }

    /// The string, when the value is a string: decoded from ``valueJSON`` on each call. It is not kept beside
    /// it, so a long text is held once while its batch waits to be written (the store has no use for it either:
    /// since schema 4 SQLite computes `value_text` from `value_json`).
    package var valueText: String? {
        guard valueType == .string, case .string(let text)? = try? JSONParser.parse(valueJSON.utf8) else { return nil }
        return text
    }
}

/// A `contact_attributions` row.
package struct AttributionRow: Sendable, Equatable {
    /// The key the object came from.
    package var origin: AttributionOrigin
    /// Index in the `attributions` array; 0 for the single objects.
    package var ordinal: Int
    package var url: String?, campaign: String?, referrer: String?
    package var utmSource: String?, utmMedium: String?, utmContent: String?, utmTerm: String?, utmCampaign: String?
    package var sessionSource: String?, medium: String?, mediumID: String?
    package var fbclid: String?, gclid: String?
    package var isFirst: Bool?, isLast: Bool?
    /// The whole object as compact JSON.
    package var rawJSON: String

    package init(origin: AttributionOrigin, ordinal: Int, rawJSON: String) {
        (self.origin, self.ordinal, self.rawJSON) = (origin, ordinal, rawJSON)
    }
}

/// A `contact_dnd_settings` row.
package struct DNDSettingRow: Sendable, Equatable {
    /// Which settings object the row came from.
    package var direction: DNDDirection
    /// The channel key as sent: `Call`, `SMS`, …, `all`, or any new one.
    package var channel: String
    /// `active`, `inactive` or `permanent` as sent, and the carrier's message and code when given.
    package var status: String?, message: String?, code: String?

    package init(direction: DNDDirection, channel: String, status: String?, message: String?, code: String?) {
        (self.direction, self.channel) = (direction, channel)
        (self.status, self.message, self.code) = (status, message, code)
    }
}

/// Everything one contact becomes in SQLite.
package struct NormalizedContact: Sendable, Equatable {
    package var contact: ContactRow
    package var tags: [TagRow]
    package var customFields: [CustomFieldRow]
    package var attributions: [AttributionRow]
    package var dndSettings: [DNDSettingRow]
    /// Whether normalizing was left for later (``deferred(id:rawJSON:)``): `contact` then holds only the id and
    /// the raw JSON.
    package private(set) var isDeferred = false

    /// A contact whose parsing and normalization wait until the writer knows it changed: a re-sync of an
    /// unchanged contact then costs neither. `rawJSON` must be a JSON object (``ContactResponse`` checked it).
    package static func deferred(id: String, rawJSON: String) -> NormalizedContact {
        var contact = NormalizedContact(contact: ContactRow(id: id, rawJSON: rawJSON))
        contact.isDeferred = true
        return contact
    }

    /// The rows, parsing and normalizing now if that was deferred. (Raw JSON that is not an object, which a
    /// checked response never holds, keeps only the id and the raw JSON: nothing is lost.)
    package func normalized() -> NormalizedContact {
        guard isDeferred else { return self }
        guard let object = (try? JSONParser.parseObject(contact.rawJSON.utf8)) ?? nil else {
            return NormalizedContact(contact: contact)
        }
        return ContactNormalizer.normalize(contact: object, rawJSON: contact.rawJSON)
    }

    package init(
        contact: ContactRow, tags: [TagRow] = [], customFields: [CustomFieldRow] = [],
        attributions: [AttributionRow] = [], dndSettings: [DNDSettingRow] = []
    ) {
        self.contact = contact
        self.tags = tags
        self.customFields = customFields
        self.attributions = attributions
        self.dndSettings = dndSettings
    }
}

/// The JSON type of a custom field value; the raw value is what `contact_custom_fields.value_type` stores.
package enum CustomFieldValueType: String, Sendable, CaseIterable {
    case string, number, boolean, array, object, null

    /// The type of `value`.
    package init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool: self = .boolean
        case .number: self = .number
        case .string: self = .string
        case .array: self = .array
        case .object: self = .object
        }
    }
}

/// Where an attribution row came from; the raw value is what `contact_attributions.origin` stores.
package enum AttributionOrigin: String, Sendable, CaseIterable {
    /// An item of the `attributions` array.
    case attributions
    /// The `attributionSource` object (first touch).
    case attributionSource
    /// The `lastAttributionSource` object (last touch).
    case lastAttributionSource
}

/// Which DND settings object a row came from; the raw value is what `contact_dnd_settings.direction` stores.
package enum DNDDirection: String, Sendable, CaseIterable {
    /// `dndSettings`: may the contact be reached on a channel.
    case outbound
    /// `inboundDndSettings`: may the contact reach the business.
    case inbound
}
