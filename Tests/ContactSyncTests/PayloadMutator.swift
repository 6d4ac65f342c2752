import HighLevelAPI
import LeadConnectorSimulator
import LosslessJSON
import TestSupport

/// Builds hostile contact bodies from the simulator's realistic contacts, deterministically from a seed.
///
/// Tree mutations (type swaps, nulls, nesting, duplicate keys) keep the body well formed, so their verdict follows
/// from the contact's last `id` member; byte mutations (truncation, bytes that are not UTF-8) are always invalid JSON.
struct PayloadMutator {
    static let types = ["string", "number", "boolean", "null", "array", "object"]
    static let strings = [
        "", "x", "Zoë O'Brien", "🔥hot", "line\nbreak\t\"quoted\" \\ back/slash", "nul\u{0}inside", "\u{FFFD}",
        "null", "true", "12345", "1990-01-15", "1990-09-25T00:00:00.000Z", "e\u{301}", "𝄞 music", "\u{7F}\u{1F}",
    ]
    static let numbers = [
        "0", "-0", "1", "2", "3422.5", "-1.5E+3", "1e400", "-1e400", "631152000000", "-62135596800001",
        "123456789012345678901234567890", "0.000001", "1E-2", "9223372036854775808",
    ]
    static let keys = ["id", "value", "status", "", "🔑", "a\"b", "contact", "tags", "url", "Call", "nul\u{0}key"]
    /// Byte sequences that are never valid UTF-8, wherever they are inserted into valid UTF-8.
    static let invalidUTF8: [[UInt8]] = [
        [0x80], [0xBF], [0xFF], [0xFE], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80],
        [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ]

    var random: FuzzRandom

    init(seed: UInt64) {
        random = FuzzRandom(seed: seed)
    }

    /// Existing contact ids of the simulator, distinct for every seed.
    static func ids(count: Int, seed: UInt64) -> [String] {
        Array(ContactGenerator.ids(count: count * 2, seed: seed).filter(ContactGenerator.exists).prefix(count))
    }

    /// The simulator's contacts, parsed once each.
    private var contacts: [String: JSONValue] = [:]

    /// The simulator's contact for `id`, parsed.
    mutating func baseContact(_ id: String) -> JSONValue {
        if let contact = contacts[id] { return contact }
        guard let value = try? JSONParser.parse(Array(ContactGenerator.contactJSON(id: id).utf8)) else {
            preconditionFailure("the simulator's contact \(id) is not JSON")
        }
        contacts[id] = value
        return value
    }

    // MARK: - Values

    mutating func value(ofType type: String, depth: Int = 0) -> JSONValue {
        switch type {
        case "string": return .string(random.pick(Self.strings))
        case "number": return .number(JSONNumber(text: random.pick(Self.numbers)))
        case "boolean": return .bool(random.chance(50))
        case "null": return .null
        case "array":
            let count = depth > 2 ? 0 : random.int(in: 0...3)
            return .array((0..<count).map { _ in value(ofType: random.pick(Self.types), depth: depth + 1) })
        default:
            let count = depth > 2 ? 0 : random.int(in: 0...3)
            return .object(JSONObject(members: (0..<count).map { _ in
                .init(key: random.pick(Self.keys), value: value(ofType: random.pick(Self.types), depth: depth + 1))
            }))
        }
    }

    /// `levels` arrays and objects nested alternately around a string.
    static func nested(levels: Int) -> JSONValue {
        var value = JSONValue.string("bottom")
        for level in 0..<levels {
            value = level.isMultiple(of: 2) ? .array([value]) : .object(JSONObject(members: [.init(key: "k", value: value)]))
        }
        return value
    }

    // MARK: - Bodies

    /// `{"contact": <contact>, "traceId": "..."}` written by ``FuzzJSONWriter``, optionally with a decoy `contact`
    /// member before (or after) the real one.
    mutating func body(
        _ name: String, id: String, contact: JSONValue, decoyBefore: JSONValue? = nil, decoyAfter: JSONValue? = nil,
        verdict: FuzzCase.Verdict? = nil
    ) -> FuzzCase {
        var writer = FuzzJSONWriter(
            random: FuzzRandom(seed: random.next()), whitespace: random.pick([0, 0, 10, 40]), escapes: random.pick([0, 20, 100])
        )
        writer.raw("{")
        if let decoyBefore {
            writer.space()
            writer.raw(#""contact":"#)
            writer.write(decoyBefore)
            writer.raw(",")
        }
        writer.space()
        writer.raw(random.chance(10) ? #""cont\u0061ct""# : #""contact""#)
        writer.space()
        writer.raw(":")
        writer.space()
        let start = writer.output.count
        writer.write(contact)
        var range = start..<writer.output.count
        writer.space()
        writer.raw(",")
        writer.space()
        writer.raw(#""traceId":"0398c85a-261f-43f7-a83c-ce02820ad6aa""#)
        if let decoyAfter {
            writer.raw(",")
            writer.space()
            writer.raw(#""contact":"#)
            let decoyStart = writer.output.count
            writer.write(decoyAfter)
            range = decoyStart..<writer.output.count
        }
        writer.space()
        writer.raw("}")
        let kept = decoyAfter ?? contact
        return FuzzCase(
            name: name, id: id, body: writer.output, contactRange: range, contact: kept,
            verdict: verdict ?? FuzzCase.Verdict(contact: kept, id: id)
        )
    }

    /// A body whose bytes were damaged after writing: never valid JSON.
    func damaged(_ original: FuzzCase, _ name: String, bytes: [UInt8]) -> FuzzCase {
        FuzzCase(name: name, id: original.id, body: bytes, contactRange: 0..<0, contact: nil, verdict: .invalidJSON)
    }

    // MARK: - Families

    /// Every top-level field of the contact replaced by a value of each other type.
    mutating func everyTypeForEveryField(id: String) -> [FuzzCase] {
        let contact = baseContact(id)
        var cases: [FuzzCase] = []
        for path in contact.allPaths where path.count == 1 {
            guard let old = contact.value(at: path) else { continue }
            for type in Self.types where type != old.typeName {
                let replacement = value(ofType: type)
                let mutated = contact.replacing(path) { _ in replacement }
                cases.append(body("field \(contact.describe(path)): \(old.typeName) -> \(type)", id: id, contact: mutated))
            }
        }
        return cases
    }

    /// At (up to `limit`) paths at every depth, the contact's `id` among them, the value replaced by one of another type.
    mutating func typeSwapAtEveryPath(id: String, limit: Int) -> [FuzzCase] {
        let contact = baseContact(id)
        var paths = random.sample(contact.allPaths, count: limit)
        if let idIndex = contact.objectValue?.members.firstIndex(where: { $0.key == "id" }),
            !paths.contains([.member(idIndex)])
        {
            paths[paths.count - 1] = [.member(idIndex)]
        }
        return paths.compactMap { path in
            guard let old = contact.value(at: path) else { return nil }
            let type = random.pick(Self.types.filter { $0 != old.typeName })
            let replacement = value(ofType: type)
            let mutated = contact.replacing(path) { _ in replacement }
            return body("type swap at \(contact.describe(path)): \(old.typeName) -> \(type)", id: id, contact: mutated)
        }
    }

    /// Null at each path in turn, then every value below the contact null (with and without the id).
    mutating func nulls(id: String, limit: Int) -> [FuzzCase] {
        let contact = baseContact(id)
        var cases = random.sample(contact.allPaths, count: limit).map { path in
            body("null at \(contact.describe(path))", id: id, contact: contact.replacing(path) { _ in .null })
        }
        guard case .object(let object) = contact else { return cases }
        let allNull = object.members.map { member in
            JSONObject.Member(key: member.key, value: member.key == "id" ? member.value : .null)
        }
        cases.append(body("every field null but the id", id: id, contact: .object(JSONObject(members: allNull))))
        let withoutID = object.members.map { JSONObject.Member(key: $0.key, value: .null) }
        cases.append(body("every field null, the id too", id: id, contact: .object(JSONObject(members: withoutID))))
        cases.append(body("the contact itself null", id: id, contact: .null))
        return cases
    }

    /// Bodies cut short at random offsets (every proper prefix of a body is invalid JSON).
    mutating func truncations(ids: [String], count: Int) -> [FuzzCase] {
        (0..<count).map { index in
            let id = ids[index % ids.count]
            let whole = body("whole", id: id, contact: baseContact(id))
            let offset = index == 0 ? 0 : random.int(below: whole.body.count)
            return damaged(whole, "truncated at byte \(offset) of \(whole.body.count)", bytes: Array(whole.body[..<offset]))
        }
    }

    /// Bytes that are not UTF-8 inserted at random offsets, inside strings and between tokens alike.
    mutating func invalidBytes(ids: [String], count: Int) -> [FuzzCase] {
        (0..<count).map { index in
            let id = ids[index % ids.count]
            let whole = body("whole", id: id, contact: baseContact(id))
            let offset = random.int(in: 0...whole.body.count)
            let bytes = random.pick(Self.invalidUTF8)
            var damagedBytes = whole.body
            damagedBytes.insert(contentsOf: bytes, at: offset)
            let hex = bytes.map { String($0, radix: 16) }.joined(separator: " ")
            return damaged(whole, "bytes \(hex) inserted at \(offset)", bytes: damagedBytes)
        }
    }

    /// The body re-encoded as Latin-1, as a misconfigured proxy would (only contacts with non-ASCII text).
    mutating func latin1(ids: [String]) -> [FuzzCase] {
        ids.compactMap { id in
            let whole = body("whole", id: id, contact: baseContact(id))
            guard whole.body.contains(where: { $0 >= 0x80 }) else { return nil }
            var bytes: [UInt8] = []
            for scalar in String(decoding: whole.body, as: UTF8.self).unicodeScalars {
                bytes.append(scalar.value < 0x100 ? UInt8(scalar.value) : UInt8(ascii: "?"))
            }
            // Latin-1 can spell valid UTF-8 by accident ("Ã©"); such a body is not a damaged one.
            guard String(validating: bytes, as: UTF8.self) == nil else { return nil }
            return damaged(whole, "re-encoded as Latin-1", bytes: bytes)
        }
    }

    /// A value `levels` deep at a random path; deeper than the parser's limit, the body is refused.
    mutating func deepNesting(ids: [String], levels: Int) -> [FuzzCase] {
        ids.map { id in
            let contact = baseContact(id)
            let path = random.pick(contact.allPaths)
            let mutated = contact.replacing(path) { _ in Self.nested(levels: levels) }
            let tooDeep = levels > JSONParser.maximumDepth
            return body(
                "\(levels) levels deep at \(contact.describe(path))", id: id, contact: mutated,
                verdict: tooDeep ? .invalidJSON : nil
            )
        }
    }

    /// A member repeated in some object of the contact (the contact itself included), with its value or another.
    mutating func duplicateKeys(ids: [String]) -> [FuzzCase] {
        ids.map { id in
            let contact = baseContact(id)
            let objects = [[]] + contact.allPaths.filter { path in
                if case .object(let object)? = contact.value(at: path) { return !object.members.isEmpty }
                return false
            }
            let path = random.chance(40) ? [] : random.pick(objects)
            guard case .object(let object)? = contact.value(at: path) else { preconditionFailure("not an object") }
            let index =
                random.chance(20)
                ? (object.members.firstIndex { $0.key == "id" } ?? 0) : random.int(below: object.members.count)
            let original = object.members[index]
            let copyValue = random.chance(50) ? original.value : value(ofType: random.pick(Self.types))
            var members = object.members
            members.insert(.init(key: original.key, value: copyValue), at: random.int(in: index + 1...members.count))
            let mutated = contact.replacing(path) { _ in .object(JSONObject(members: members)) }
            let place = path.isEmpty ? "the contact" : contact.describe(path)
            return body("\"\(original.key)\" repeated in \(place)", id: id, contact: mutated)
        }
    }

    /// Envelopes with two `contact` members, and a contact whose `id` is repeated: the last one counts.
    mutating func duplicateEnvelopes(id: String, other: String) -> [FuzzCase] {
        let contact = baseContact(id)
        let decoy = baseContact(other)
        guard case .object(let object) = contact else { return [] }
        let wrongIDFirst = JSONObject(members: [.init(key: "id", value: .string(other))] + object.members)
        let wrongIDLast = JSONObject(members: object.members + [.init(key: "id", value: .string(other))])
        let numericIDLast = JSONObject(members: object.members + [.init(key: "id", value: .number(JSONNumber(text: "1")))])
        return [
            body("another contact first, this one last", id: id, contact: decoy, decoyAfter: contact),
            body("this contact first, another one last", id: id, contact: contact, decoyAfter: decoy),
            body("this contact, then contact null", id: id, contact: contact, decoyAfter: .null),
            body("another contact before the envelope's contact", id: id, contact: contact, decoyBefore: decoy),
            body("id repeated, the right one last", id: id, contact: .object(wrongIDFirst)),
            body("id repeated, a wrong one last", id: id, contact: .object(wrongIDLast)),
            body("id repeated, a number last", id: id, contact: .object(numericIDLast)),
        ]
    }

    /// What the huge body's `companyName` repeats: multi-byte text without escapes (escapes are everywhere else).
    static let hugeChunk = Array("Zoë O'Brien 🔥 Ünïcödé, plain ASCII, and 日本語 to fill the line. ".utf8)

    /// A contact of about `bytes` bytes: `companyName` is one long string of mixed, partly escaped text.
    mutating func huge(id: String, bytes: Int) -> FuzzCase {
        let contact = baseContact(id)
        let marker = "HUGE-VALUE-MARKER"
        let withMarker = contact.replacing([]) { value in
            guard case .object(let object) = value else { return value }
            let others = object.members.filter { $0.key != "companyName" }
            return .object(JSONObject(members: others + [.init(key: "companyName", value: .string(marker))]))
        }
        let small = body("huge", id: id, contact: withMarker)
        let chunk = Self.hugeChunk
        let markerBytes = Array("\"\(marker)\"".utf8)
        guard let at = small.body.firstRange(of: markerBytes) else { preconditionFailure("marker not written") }
        var big: [UInt8] = []
        big.reserveCapacity(bytes + small.body.count)
        big += small.body[..<at.lowerBound]
        big.append(UInt8(ascii: "\""))
        while big.count < bytes { big += chunk }
        big.append(UInt8(ascii: "\""))
        let growth = big.count - at.lowerBound - markerBytes.count
        big += small.body[at.upperBound...]
        return FuzzCase(
            name: "a \(big.count)-byte body", id: id, body: big,
            contactRange: small.contactRange.lowerBound..<(small.contactRange.upperBound + growth), contact: nil,
            verdict: .accepted
        )
    }

    /// One mutation of a random family (not the huge body), for runs through the whole sync.
    mutating func anyMutation(id: String) -> FuzzCase {
        switch random.int(below: 8) {
        case 0: return truncations(ids: [id], count: 2)[1]
        case 1: return invalidBytes(ids: [id], count: 1)[0]
        case 2: return typeSwapAtEveryPath(id: id, limit: 1)[0]
        case 3: return nulls(id: id, limit: 1)[0]
        case 4: return deepNesting(ids: [id], levels: 100)[0]
        case 5: return duplicateKeys(ids: [id])[0]
        case 6: return body("reformatted", id: id, contact: baseContact(id))
        default:
            let other = String(id.dropLast())
            let contact = baseContact(id).replacing([]) { value in
                .object(JSONObject(members: (value.objectValue?.members ?? []) + [.init(key: "id", value: .string(other))]))
            }
            return body("a contact with another id", id: id, contact: contact)
        }
    }
}
