/// One custom field defined in the simulated location; contacts carry values for some of them.
struct CustomFieldDefinition: Sendable {
    /// The kind of value a field holds, which decides the JSON type of its `value`.
    enum Kind: Sendable, CaseIterable {
        case text, largeText, number, monetary, checkbox, singleOption, date, radio, fileUpload
    }

    let id: String
    let kind: Kind

    /// The location's field definitions: two of each kind, with fixed ids.
    static let all: [CustomFieldDefinition] = {
        var rng = SplitMix64(seed: 0x6375_7374_6F6D)
        return Kind.allCases.flatMap { kind in
            [
                CustomFieldDefinition(id: rng.identifier(), kind: kind),
                CustomFieldDefinition(id: rng.identifier(), kind: kind),
            ]
        }
    }()
}
