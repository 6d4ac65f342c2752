/// One custom field defined in the simulated location; contacts carry values for some of them.
struct CustomFieldDefinition: Sendable {
    /// The kind of value a field holds, which decides the JSON type of its `value`.
    enum Kind: Sendable, CaseIterable {
        case text, largeText, number, monetary, checkbox, singleOption, date, radio, fileUpload

        /// The `dataType` HighLevel reports for this kind.
        var dataType: String {
            switch self {
            case .text: "TEXT"
            case .largeText: "LARGE_TEXT"
            case .number: "NUMERICAL"
            case .monetary: "MONETORY"  // sic: HighLevel's spelling
            case .checkbox: "CHECKBOX"
            case .singleOption: "SINGLE_OPTIONS"
            case .date: "DATE"
            case .radio: "RADIO"
            case .fileUpload: "FILE_UPLOAD"
            }
        }

        /// The display names of the two fields of this kind.
        var names: [String] {
            switch self {
            case .text: ["Pincode", "Nickname"]
            case .largeText: ["Notes", "Biography"]
            case .number: ["Employees", "Lead Score"]
            case .monetary: ["Budget", "Lifetime Value"]
            case .checkbox: ["Interests", "Services"]
            case .singleOption: ["Lead Tier", "Région"]
            case .date: ["Renewal Date", "Last Visit"]
            case .radio: ["Newsletter", "Consent"]
            case .fileUpload: ["Contract", "ID Document"]
            }
        }
    }

    let id: String
    let kind: Kind
    let name: String
    /// Order in the location's field list (0, 50, 100, … as HighLevel spaces them).
    let position: Int

    /// The location's field definitions: two of each kind, with fixed ids.
    static let all: [CustomFieldDefinition] = {
        var rng = SplitMix64(seed: 0x6375_7374_6F6D)
        var position = 0
        return Kind.allCases.flatMap { kind in
            kind.names.map { name in
                defer { position += 50 }
                return CustomFieldDefinition(id: rng.identifier(), kind: kind, name: name, position: position)
            }
        }
    }()

    /// `contact.` and the name in lower case with spaces as underscores, e.g. `contact.lead_score`.
    var fieldKey: String {
        "contact." + name.lowercased().split(separator: " ").joined(separator: "_")
    }

    /// The options offered by picklist kinds; nil for the others.
    var picklistOptions: [String]? {
        switch kind {
        case .checkbox, .singleOption: SampleData.options
        case .radio: ["Yes", "No"]
        default: nil
        }
    }

    /// The id the definition whose default-location id is `id` has in `location` (the same id in the default
    /// location; a distinct one, derived from both, in every other).
    static func fieldID(_ id: String, in location: String) -> String {
        guard location != SampleData.locationID else { return id }
        var rng = SplitMix64(seed: FNV1a.hash(id + "@" + location, purpose: "field"))
        return rng.identifier()
    }

    /// The definition as `GET /locations/{id}/customFields` sends it for the default location.
    var json: JSONValue { json(in: SampleData.locationID) }

    /// The definition as `GET /locations/{location}/customFields` sends it.
    func json(in location: String) -> JSONValue {
        var members: [JSONMember] = [
            JSONMember("id", .string(Self.fieldID(id, in: location))),
            JSONMember("name", .string(name)),
            JSONMember("model", .string("contact")),
            JSONMember("fieldKey", .string(fieldKey)),
            JSONMember("placeholder", .string("")),
            JSONMember("dataType", .string(kind.dataType)),
            JSONMember("position", .int(position)),
        ]
        if let picklistOptions { members.append(JSONMember("picklistOptions", .array(picklistOptions.map(JSONValue.string)))) }
        members.append(JSONMember("locationId", .string(location)))
        members.append(JSONMember("dateAdded", .string(CivilTime.iso8601(epochMilliseconds: CivilTime.year2018))))
        return .object(members)
    }
}
