package import LosslessJSON

/// A decoded `GET /contacts/{id}` body: the contact's exact text and the `traceId` beside it. The body is
/// checked whole (valid JSON, a `contact` object holding the id asked for). By default the contact is not
/// parsed: the writer parses it only when it has changed (``contact``). A caller that will normalize every
/// contact anyway (a first load) asks for it parsed (``parsedContact``), so that the body is read once.
package struct ContactResponse: Sendable {
    /// The `contact` object exactly as the API sent it (the bytes between its braces, inclusive).
    package let rawJSON: String
    /// The `traceId` the API sent beside the contact, if any.
    package let traceID: String?
    /// The `contact` object, when it was decoded `parsing`.
    package let parsedContact: JSONObject?

    /// Decodes a 200 body, checking that it holds the contact `id` that was asked for: skimmed, or with
    /// `parsing` parsed (the same checks and errors; the skim is the parser's grammar without the values).
    package init(body: [UInt8], expectedID id: ContactID, parsing: Bool = false) throws(ResponseDecodingError) {
        let found = parsing ? try Self.parse(body) : try Self.skim(body)
        guard found.contactID == id.rawValue else { throw .contactIDMismatch(expected: id.rawValue) }
        // The range is that of the last "contact" member, the one a lookup in the parsed envelope reads. Both the
        // skim and the parse checked its strings' UTF-8, and JSON is ASCII outside its strings.
        self.rawJSON = body.withUnsafeBufferPointer { bytes in
            String(alreadyValidatedUTF8: UnsafeBufferPointer(rebasing: bytes[found.range]))
        }
        self.traceID = found.traceID
        self.parsedContact = found.contact
    }

    /// What a body holds: the contact's byte range and id, the trace id, and the contact if it was parsed.
    private typealias Found = (range: Range<Int>, contactID: String, traceID: String?, contact: JSONObject?)

    private static func skim(_ body: [UInt8]) throws(ResponseDecodingError) -> Found {
        let skim: JSONParser.Skim
        do {
            skim = try JSONParser.skim(body, member: "contact", strings: ["id", "traceId"])
        } catch {
            throw .invalidJSON(error)
        }
        guard skim.isObject else { throw .notAnObject }
        guard skim.memberIsObject, let range = skim.memberRange, let contactID = skim.memberStrings["id"] else {
            throw .missingContact
        }
        return (range, contactID, skim.strings["traceId"], nil)
    }

    private static func parse(_ body: [UInt8]) throws(ResponseDecodingError) -> Found {
        let (envelope, memberRange) = try ResponseDecodingError.object(of: body, rangeOf: "contact")
        guard case .object(let contact)? = envelope["contact"], let range = memberRange,
            case .string(let contactID)? = contact["id"]
        else { throw .missingContact }
        return (range, contactID, envelope["traceId"]?.stringValue, contact)
    }

    /// The `contact` object: ``parsedContact``, or parsed from ``rawJSON`` (which ``init(body:expectedID:parsing:)``
    /// checked is one).
    package var contact: JSONObject {
        get throws(ResponseDecodingError) {
            if let parsedContact { return parsedContact }
            let object: JSONObject?
            do {
                object = try JSONParser.parseObject(rawJSON.utf8)
            } catch {
                throw .invalidJSON(error)
            }
            guard let object else { throw .notAnObject }
            return object
        }
    }

    /// Builds a response directly (tests and benchmarks).
    package init(rawJSON: String, traceID: String?) {
        self.rawJSON = rawJSON
        self.traceID = traceID
        self.parsedContact = nil
    }
}

/// Why a 200 body could not be used.
package enum ResponseDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidJSON(JSONParser.SyntaxError)
    case notAnObject
    case missingContact
    case contactIDMismatch(expected: String)
    /// A list endpoint's body lacks the array it exists to send (`contacts`, `customFields`).
    case missingArray(String)
    /// A body lacks a member it exists to send (`access_token`).
    case missingMember(String)

    package var description: String {
        switch self {
        case .invalidJSON(let error): "body is not valid JSON (\(error))"
        case .notAnObject: "body is not a JSON object"
        case .missingContact: "body has no \"contact\" object with a string \"id\""
        case .contactIDMismatch(let expected): "body holds a contact whose id is not \(expected)"
        case .missingArray(let name): "body has no \"\(name)\" array"
        case .missingMember(let name): "body has no usable \"\(name)\""
        }
    }
}

extension ResponseDecodingError {
    /// A body that must be a JSON object.
    static func object(of body: [UInt8]) throws(ResponseDecodingError) -> JSONObject {
        try object(of: body, rangeOf: nil).object
    }

    /// A body that must be a JSON object, and the byte range of its member `member`'s value (see
    /// `JSONParser.parse(_:rangeOf:)`).
    static func object(
        of body: [UInt8], rangeOf member: String?
    ) throws(ResponseDecodingError) -> (object: JSONObject, memberRange: Range<Int>?) {
        let parsed: (value: JSONValue, memberRange: Range<Int>?)
        do {
            parsed = try JSONParser.parse(body, rangeOf: member)
        } catch {
            throw .invalidJSON(error)
        }
        guard case .object(let object) = parsed.value else { throw .notAnObject }
        return (object, parsed.memberRange)
    }

    /// The envelope of a list endpoint's body and the items of its array member `name` (`null` reads as
    /// empty); a body that is not an object with that array is refused.
    static func arrayMember(_ name: String, of body: [UInt8]) throws(ResponseDecodingError) -> (envelope: JSONObject, items: [JSONValue]) {
        let envelope = try object(of: body)
        switch envelope[name] {
        case .array(let items)?: return (envelope, items)
        case .null?: return (envelope, [])
        default: throw .missingArray(name)
        }
    }
}
