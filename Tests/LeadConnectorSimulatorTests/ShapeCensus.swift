@testable import LeadConnectorSimulator

/// Walks generated contacts and names every payload shape it meets, so tests can assert that each occurs.
struct ShapeCensus {
    static let optionalFields = [
        "name", "firstName", "lastName", "email", "emailLowerCase", "timezone", "companyName", "phone", "type",
        "source",
        "assignedTo", "address1", "city", "state", "country", "postalCode", "website", "dateAdded", "dateUpdated",
        "dnd",
        "tags", "customFields", "dndSettings", "dateOfBirth",
    ]
    static let documentedFields: Set<String> = Set(
        optionalFields + [
            "id", "locationId", "firstNameLowerCase", "lastNameLowerCase", "fullNameLowerCase", "inboundDndSettings",
            "attributions", "attributionSource", "lastAttributionSource", "additionalEmails", "additionalPhones",
            "followers",
            "createdBy", "businessId", "visitorId", "keyword", "ssn", "lastActivity", "attachments",
        ])
    static let dndChannels: Set<String> = ["Call", "Email", "SMS", "WhatsApp", "GMB", "FB"]
    static let attributionKeys: Set<String> = Set(ContactBuilder.attributionKeys + ContactBuilder.attributionSourceKeys)

    private(set) var shapes: Set<String> = []

    mutating func note(_ shape: String) { shapes.insert(shape) }

    mutating func record(_ contact: JSONValue) {
        guard case .object(let members) = contact else { return note("contact:notObject") }
        let fields = Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        for key in Self.optionalFields {
            switch fields[key] {
            case nil: note("missing:\(key)")
            case .null?: note("null:\(key)")
            case .string("")?: note("empty:\(key)")
            default: note("present:\(key)")
            }
        }
        for member in members where !Self.documentedFields.contains(member.key) { note("unknownField") }
        recordDateOfBirth(fields["dateOfBirth"])
        recordTags(fields["tags"])
        recordCustomFields(fields["customFields"])
        recordDND(fields["dndSettings"], inbound: fields["inboundDndSettings"])
        recordAttributions(fields)
        recordRelations(fields)
        if case .string(let type)? = fields["type"] { note("type:\(type)") }
        if case .bool(let dnd)? = fields["dnd"] { note("dnd:\(dnd)") }
        recordText(contact)
    }

    private mutating func recordDateOfBirth(_ value: JSONValue?) {
        switch value {
        case .string(let text)? where text.count == 10: note("dob:date")
        case .string(let text)? where text.hasSuffix("T00:00:00.000Z"): note("dob:dateTime")
        case .integer(let millis)?: note(millis < 0 ? "dob:negativeNumber" : "dob:number")
        default: break
        }
    }

    private mutating func recordTags(_ value: JSONValue?) {
        guard case .array(let tags)? = value else { return }
        let strings = tags.compactMap { tag -> String? in if case .string(let s) = tag { s } else { nil } }
        if strings.isEmpty { note("tags:emptyArray") }
        if strings.contains("vip") && strings.contains("VIP") { note("tags:caseVariants") }
        if strings.contains(where: { $0.contains(",") }) { note("tags:comma") }
        if strings.contains(where: { $0.unicodeScalars.contains { $0.value >= 0x1F300 } }) { note("tags:emoji") }
        if strings.count >= 200 { note("tags:hundreds") }
    }

    private mutating func recordCustomFields(_ value: JSONValue?) {
        guard case .array(let items)? = value else { return }
        for case .object(let members) in items {
            guard members.count == 2, members[0].key == "id", members[1].key == "value" else {
                note("cf:badItem")
                continue
            }
            if case .string(let id) = members[0].value, id.count == 20 { note("cf:id20") }
            switch members[1].value {
            case .string: note("cf:string")
            case .integer: note("cf:integer")
            case .decimal(let value): note(value.rounded() == value ? "cf:wholeDecimal" : "cf:decimal")
            case .bool: note("cf:bool")
            case .array(let elements):
                note(
                    elements.allSatisfy { if case .string = $0 { true } else { false } }
                        ? "cf:stringArray" : "cf:otherArray")
            case .object(let files):
                if files.allSatisfy({ file in
                    if case .object(let parts) = file.value {
                        parts.map(\.key) == ["meta", "url", "documentId"]
                    } else {
                        false
                    }
                }) {
                    note("cf:file")
                }
            case .null: note("cf:null")
            }
        }
    }

    private mutating func recordDND(_ settings: JSONValue?, inbound: JSONValue?) {
        if case .object(let channels)? = settings {
            let names = Set(channels.map(\.key))
            if !names.isSubset(of: Self.dndChannels) { note("dnd:unknownChannel") }
            if !names.isEmpty && !Self.dndChannels.isSubset(of: names) { note("dnd:someChannels") }
            for case .object(let setting) in channels.map(\.value) {
                for member in setting {
                    if member.key == "status", case .string(let status) = member.value { note("dnd:status:\(status)") }
                    if member.key == "message" { note("dnd:message") }
                    if member.key == "code" { note("dnd:code") }
                }
            }
        }
        if case .object(let members)? = inbound, members.first?.key == "all" { note("inboundDnd") }
    }

    private mutating func recordAttributions(_ fields: [String: JSONValue]) {
        if case .array(let items)? = fields["attributions"] {
            note("attributions:count:\(items.count)")
            items.forEach { recordAttribution($0) }
        }
        if let source = fields["attributionSource"] {
            note("attributionSource")
            recordAttribution(source)
        }
        if let source = fields["lastAttributionSource"] {
            note("lastAttributionSource")
            recordAttribution(source)
        }
    }

    private mutating func recordAttribution(_ value: JSONValue) {
        guard case .object(let members) = value else { return }
        for member in members {
            if !Self.attributionKeys.contains(member.key) { note("attribution:unknownKey") }
            if member.value == .null { note("attribution:null") }
            if member.value == .string("null") { note("attribution:literalNull") }
            if case .bool = member.value { note("attribution:bool") }
        }
    }

    private mutating func recordRelations(_ fields: [String: JSONValue]) {
        if case .array(let emails)? = fields["additionalEmails"] {
            if case .object? = emails.first { note("additionalEmails:objects") }
            if case .string? = emails.first { note("additionalEmails:strings") }
        }
        for key in ["additionalPhones", "followers", "createdBy"] where fields[key] != nil { note(key) }
    }

    private mutating func recordText(_ value: JSONValue) {
        switch value {
        case .object(let members): members.forEach { recordText($0.value) }
        case .array(let elements): elements.forEach { recordText($0) }
        case .string(let text):
            for scalar in text.unicodeScalars {
                switch scalar.value {
                case 0x22: note("text:quote")
                case 0x5C: note("text:backslash")
                case 0x0A: note("text:newline")
                case 0x09: note("text:tab")
                case 0x00..<0x20: note("text:otherControl")
                case 0xC0...0x17F: note("text:latinAccent")
                case 0x4E00...0x9FFF: note("text:cjk")
                case 0x0590...0x06FF: note("text:rightToLeft")
                case 0x1F300...: note("text:emoji")
                default: break
                }
            }
        default: break
        }
    }
}
