import HighLevelAPI

/// The `contacts` row for one contact (column names in the schema are the snake_case of these).
public struct ContactRow: Sendable, Equatable {
    public var id: String
    public var locationID: String?
    public var name: String?
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var emailLowerCase: String?
    public var timezone: String?
    public var companyName: String?
    public var phone: String?
    public var dnd: Bool?
    public var type: String?
    public var source: String?
    public var assignedTo: String?
    public var address1: String?
    public var city: String?
    public var state: String?
    public var country: String?
    public var postalCode: String?
    public var website: String?
    /// `YYYY-MM-DD`, whichever of the three shapes the API sent.
    public var dateOfBirth: String?
    public var dateAdded: String?
    public var dateUpdated: String?
    /// The contact object exactly as received.
    public var rawJSON: String

    public init(id: String, rawJSON: String) {
        self.id = id
        self.rawJSON = rawJSON
    }
}

/// A `contact_tags` row.
public struct TagRow: Sendable, Equatable {
    /// 0-based index in the API's `tags` array.
    public var position: Int
    public var tag: String

    public init(position: Int, tag: String) {
        self.position = position
        self.tag = tag
    }
}

/// A `contact_custom_fields` row.
public struct CustomFieldRow: Sendable, Equatable {
    public var fieldID: String
    /// 0-based index in the API's `customFields` array.
    public var position: Int
    /// `string`, `number`, `boolean`, `array`, `object` or `null`.
    public var valueType: String
    /// The number, when the value is a number.
    public var valueNumber: Double?
    /// The value as compact JSON, always (numbers exactly as sent).
    public var valueJSON: String

    public init(fieldID: String, position: Int, valueType: String, valueNumber: Double?, valueJSON: String) {
        self.fieldID = fieldID
        self.position = position
        self.valueType = valueType
        self.valueNumber = valueNumber
        self.valueJSON = valueJSON
    }

    /// The string, when the value is a string: decoded from ``valueJSON`` on each call. It is not kept beside
    /// it, so a long text is held once while its batch waits to be written (the store has no use for it either:
    /// since schema 4 SQLite computes `value_text` from `value_json`).
    public var valueText: String? {
        guard valueType == "string", case .string(let text)? = try? JSONParser.parse(valueJSON.utf8) else { return nil }
        return text
    }
}

/// A `contact_attributions` row.
public struct AttributionRow: Sendable, Equatable {
    /// The key the object came from: `attributions`, `attributionSource` or `lastAttributionSource`.
    public var origin: String
    /// Index in the `attributions` array; 0 for the single objects.
    public var ordinal: Int
    public var url: String?
    public var campaign: String?
    public var utmSource: String?
    public var utmMedium: String?
    public var utmContent: String?
    public var utmTerm: String?
    public var utmCampaign: String?
    public var referrer: String?
    public var sessionSource: String?
    public var medium: String?
    public var mediumID: String?
    public var fbclid: String?
    public var gclid: String?
    public var isFirst: Bool?
    public var isLast: Bool?
    /// The whole object as compact JSON.
    public var rawJSON: String

    public init(origin: String, ordinal: Int, rawJSON: String) {
        self.origin = origin
        self.ordinal = ordinal
        self.rawJSON = rawJSON
    }
}

/// A `contact_dnd_settings` row.
public struct DNDSettingRow: Sendable, Equatable {
    /// `outbound` (from `dndSettings`) or `inbound` (from `inboundDndSettings`).
    public var direction: String
    /// The channel key as sent: `Call`, `SMS`, …, `all`, or any new one.
    public var channel: String
    public var status: String?
    public var message: String?
    public var code: String?

    public init(direction: String, channel: String, status: String?, message: String?, code: String?) {
        self.direction = direction
        self.channel = channel
        self.status = status
        self.message = message
        self.code = code
    }
}

/// Everything one contact becomes in SQLite.
public struct NormalizedContact: Sendable, Equatable {
    public var contact: ContactRow
    public var tags: [TagRow]
    public var customFields: [CustomFieldRow]
    public var attributions: [AttributionRow]
    public var dndSettings: [DNDSettingRow]

    public init(
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
