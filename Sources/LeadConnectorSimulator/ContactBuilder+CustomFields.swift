/// Custom field values, including the very large contacts.
extension ContactBuilder {
    mutating func addCustomFields() {
        let shape = rng.unit()
        if isLarge {
            add("customFields", .array(largeCustomFields()))
        } else if shape < 0.75 {
            let definitions = rng.sample(CustomFieldDefinition.all, count: rng.int(in: 1...8))
            add("customFields", .array(definitions.map { customField($0) }))
        } else if shape < 0.85 {
            add("customFields", .array([]))
        } else if shape < 0.87 {
            add("customFields", .null)
        }
    }

    private mutating func customField(_ definition: CustomFieldDefinition) -> JSONValue {
        let value = rng.chance(0.08) ? JSONValue.null : customFieldValue(definition)
        return .object([JSONMember("id", .string(definition.id)), JSONMember("value", value)])
    }

    private mutating func customFieldValue(_ definition: CustomFieldDefinition) -> JSONValue {
        switch definition.kind {
        case .text, .singleOption:
            return .string(definition.kind == .text ? rng.pick(SampleData.textValues) : rng.pick(SampleData.options))
        case .largeText:
            return .string(longText(characters: rng.int(in: 100...800)))
        case .number:
            return .int(rng.int(in: -5...100_000))
        case .monetary:
            return .decimal(Double(rng.int(in: 1...9_999_999)) / (rng.chance(0.5) ? 100 : 10))
        case .checkbox:
            return .array(rng.sample(SampleData.options, count: rng.int(in: 0...3)).map(JSONValue.string))
        case .date:
            let day = CivilTime.year2018 + Int64(rng.int(below: 3000)) * CivilTime.day
            return rng.chance(0.5) ? .integer(day) : .string(CivilTime.date(epochMilliseconds: day))
        case .radio:
            return .bool(rng.chance(0.5))
        case .fileUpload:
            return .object((0..<rng.int(in: 1...2)).map { _ in uploadedFile(fieldID: definition.id) })
        }
    }

    private mutating func uploadedFile(fieldID: String) -> JSONMember {
        let uuid = rng.uuid()
        let documentID = rng.identifier()
        let mime = rng.pick(SampleData.mimeTypes)
        let meta: [JSONMember] = [
            JSONMember("fieldname", .string(fieldID)),
            JSONMember(
                "originalname", .string(rng.pick(["IMG_1", "scan (2)", "Résumé", "契約書"]) + "." + mime.extension)),
            JSONMember("encoding", .string("7bit")),
            JSONMember("mimetype", .string(mime.type)),
            JSONMember("size", .int(rng.int(in: 1_000...5_000_000))),
            JSONMember("uuid", .string(uuid)),
        ]
        return JSONMember(
            uuid,
            .object([
                JSONMember("meta", .object(meta)),
                JSONMember("url", .string("https://services.leadconnectorhq.com/documents/download/" + documentID)),
                JSONMember("documentId", .string(documentID)),
            ]))
    }

    /// Hundreds of fields with long text until the contact reaches roughly 50–300 KB, plus one of every typed field.
    private mutating func largeCustomFields() -> [JSONValue] {
        var fields = CustomFieldDefinition.all.map { customField($0) }
        let target = rng.int(in: 50_000...280_000)
        var size = 0
        while size < target {
            let text = longText(characters: rng.int(in: 500...3_000))
            size += text.utf8.count + 40
            fields.append(.object([JSONMember("id", .string(rng.identifier())), JSONMember("value", .string(text))]))
        }
        return fields
    }

    /// Words, some non-ASCII or needing escapes, with occasional line breaks, about `characters` long.
    /// Built as UTF-8 bytes (appending words to a `String` was a sixth of the simulator's CPU).
    mutating func longText(characters: Int) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(characters + 16)
        while text.count < characters {
            if !text.isEmpty { text.append(rng.chance(0.05) ? UInt8(ascii: "\n") : UInt8(ascii: " ")) }
            text.append(contentsOf: rng.pick(Self.wordsUTF8))
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let wordsUTF8 = SampleData.words.map { Array($0.utf8) }
}
