/// A strict RFC 8259 JSON parser that produces ``JSONValue`` (or, skimming, only checks a document: see
/// ``skim(_:member:strings:)``).
///
/// It exists instead of `JSONDecoder` because the contract needs what Codable throws away: the exact bytes
/// of the `contact` object (stored as `raw_json`), number literals as sent, duplicate keys, and `true`
/// distinct from `1`. It refuses invalid UTF-8, nesting deeper than ``maximumDepth`` and trailing garbage.
package struct JSONParser {
    /// How deeply arrays and objects may nest before the document is refused.
    package static let maximumDepth = 256

    /// Why a document was refused; `offset` is the byte where parsing stopped.
    package struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        package let offset: Int
        package let reason: String

        package var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    /// Parses a whole document.
    package static func parse(_ bytes: some Collection<UInt8>) throws(SyntaxError) -> JSONValue {
        try document(bytes) { parser throws(SyntaxError) in try parser.parseValue(depth: 0) }
    }

    /// Parses a whole document as ``parse(_:)`` does, also returning the byte range of the value of the
    /// top-level member `member` when the document is an object that has one (of several, the last: the one
    /// ``JSONObject``'s subscript reads), as ``skim(_:member:strings:)`` finds it. With no `member`, the range
    /// is nil.
    package static func parse(
        _ bytes: some Collection<UInt8>, rangeOf member: String?
    ) throws(SyntaxError) -> (value: JSONValue, memberRange: Range<Int>?) {
        try document(bytes) { parser throws(SyntaxError) in
            var range: Range<Int>?
            guard parser.index < parser.buffer.count, parser.buffer[parser.index] == UInt8(ascii: "{") else {
                return (try parser.parseValue(depth: 0), nil)
            }
            let value = try parser.parseObject(depth: 1, capturing: member, range: &range)
            return (value, range)
        }
    }

    /// Parses a whole document that must be an object; nil when it is valid JSON of another kind.
    package static func parseObject(_ bytes: some Collection<UInt8>) throws(SyntaxError) -> JSONObject? {
        try parse(bytes).objectValue
    }

    /// Runs `read` over a whole document: leading whitespace skipped, and nothing but whitespace allowed after
    /// what it read. The bytes are read in place when they are contiguous (a native `String`'s UTF-8, an array).
    static func document<T>(
        _ bytes: some Collection<UInt8>, _ read: (inout JSONParser) throws(SyntaxError) -> T
    ) throws(SyntaxError) -> T {
        func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<T, SyntaxError> {
            var parser = JSONParser(buffer: buffer)
            do throws(SyntaxError) {
                parser.skipWhitespace()
                let value = try read(&parser)
                parser.skipWhitespace()
                guard parser.index == buffer.count else { throw parser.error("unexpected data after the document") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        let result = bytes.withContiguousStorageIfAvailable(run) ?? Array(bytes).withUnsafeBufferPointer(run)
        return try result.get()
    }

    let buffer: UnsafeBufferPointer<UInt8>
    var index = 0

    init(buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    func error(_ reason: String) -> SyntaxError {
        SyntaxError(offset: index, reason: reason)
    }

    mutating func skipWhitespace() {
        while index < buffer.count {
            switch buffer[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(SyntaxError) -> JSONValue {
        guard index < buffer.count else { throw error("unexpected end of input") }
        switch buffer[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(SyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard buffer.count - index >= count else { throw error("unexpected end of input") }
        let matches = literal.withUTF8Buffer { expected in
            for offset in 0..<count where buffer[index + offset] != expected[offset] { return false }
            return true
        }
        guard matches else { throw error("invalid literal") }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(SyntaxError) -> JSONValue {
        var unused: Range<Int>?
        return try parseObject(depth: depth, capturing: nil, range: &unused)
    }

    /// An object; with `member`, `range` is set to the byte range of each value of that key in turn.
    private mutating func parseObject(
        depth: Int, capturing member: String?, range: inout Range<Int>?
    ) throws(SyntaxError) -> JSONValue {
        var members: [JSONObject.Member] = []
        if try open(depth: depth, closing: UInt8(ascii: "}")) { return .object(JSONObject(members: members)) }
        while true {
            skipWhitespace()
            guard index < buffer.count, buffer[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = try parseString()
            skipWhitespace()
            guard index < buffer.count, buffer[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            let start = index
            members.append(JSONObject.Member(key: key, value: try parseValue(depth: depth)))
            if let member, key == member { range = start..<index }
            if try closes(UInt8(ascii: "}"), expected: "expected ',' or '}'") { return .object(JSONObject(members: members)) }
        }
    }

    private mutating func parseArray(depth: Int) throws(SyntaxError) -> JSONValue {
        var elements: [JSONValue] = []
        if try open(depth: depth, closing: UInt8(ascii: "]")) { return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            if try closes(UInt8(ascii: "]"), expected: "expected ',' or ']'") { return .array(elements) }
        }
    }

    /// Enters an object or array at its opening bracket; true when it is empty (and then already left).
    mutating func open(depth: Int, closing: UInt8) throws(SyntaxError) -> Bool {
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
        index += 1
        skipWhitespace()
        guard index < buffer.count, buffer[index] == closing else { return false }
        index += 1
        return true
    }

    /// After a member or element: true at the closing bracket (then left), false after a comma.
    mutating func closes(_ closing: UInt8, expected: String) throws(SyntaxError) -> Bool {
        skipWhitespace()
        guard index < buffer.count else { throw error("unexpected end of input") }
        switch buffer[index] {
        case UInt8(ascii: ","): index += 1; return false
        case closing: index += 1; return true
        default: throw error(expected)
        }
    }

    private mutating func parseNumber() throws(SyntaxError) -> JSONNumber {
        let range = try scanNumber()
        // The number's grammar is ASCII.
        return JSONNumber(text: String(alreadyValidatedUTF8: UnsafeBufferPointer(rebasing: buffer[range])))
    }

    /// Reads a number and returns where its text lies.
    mutating func scanNumber() throws(SyntaxError) -> Range<Int> {
        let start = index
        if buffer[index] == UInt8(ascii: "-") { index += 1 }
        guard index < buffer.count else { throw error("unexpected end of input") }
        if buffer[index] == UInt8(ascii: "0") {
            index += 1
        } else if isDigit(buffer[index]) {
            skipDigits()
        } else {
            throw error("invalid number")
        }
        if index < buffer.count, buffer[index] == UInt8(ascii: ".") {
            index += 1
            guard index < buffer.count, isDigit(buffer[index]) else { throw error("invalid number") }
            skipDigits()
        }
        if index < buffer.count, buffer[index] == UInt8(ascii: "e") || buffer[index] == UInt8(ascii: "E") {
            index += 1
            if index < buffer.count, buffer[index] == UInt8(ascii: "+") || buffer[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < buffer.count, isDigit(buffer[index]) else { throw error("invalid number") }
            skipDigits()
        }
        return start..<index
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while index < buffer.count, isDigit(buffer[index]) { index += 1 }
    }

    /// Parses a string starting at its opening quote; leaves `index` after the closing quote.
    mutating func parseString() throws(SyntaxError) -> String {
        index += 1
        let start = index
        index = ByteScan.stringContentEnd(in: buffer, from: index)
        guard index < buffer.count else { throw error("unterminated string") }
        if buffer[index] == UInt8(ascii: "\"") {
            // Checked here, then copied unchecked: `String(validating:)` is generic and looks up type metadata on
            // every call, which cost more than the check itself on a contact's hundred strings, and
            // `String(decoding:)` would check every byte again.
            try validateUTF8(start..<index, stringStart: start)
            let string = String(alreadyValidatedUTF8: UnsafeBufferPointer(rebasing: buffer[start..<index]))
            index += 1
            return string
        }
        var bytes = Array(UnsafeBufferPointer(rebasing: buffer[start..<index]))
        while true {
            guard index < buffer.count else { throw error("unterminated string") }
            switch buffer[index] {
            case UInt8(ascii: "\""):
                index += 1
                guard let string = String(validating: bytes, as: UTF8.self) else {
                    throw SyntaxError(offset: start, reason: "string is not valid UTF-8")
                }
                return string
            case UInt8(ascii: "\\"):
                index += 1
                try parseEscape(into: &bytes)
                let runEnd = ByteScan.stringContentEnd(in: buffer, from: index)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<runEnd]))
                index = runEnd
            default:
                throw error("unescaped control character in string")
            }
        }
    }

    private mutating func parseEscape(into bytes: inout [UInt8]) throws(SyntaxError) {
        guard index < buffer.count else { throw error("unterminated escape") }
        let byte = buffer[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): bytes.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): bytes.append(0x08)
        case UInt8(ascii: "f"): bytes.append(0x0C)
        case UInt8(ascii: "n"): bytes.append(0x0A)
        case UInt8(ascii: "r"): bytes.append(0x0D)
        case UInt8(ascii: "t"): bytes.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low surrogate; a lone one becomes U+FFFD
                // (the exact text survives in raw_json).
                if buffer.count - index >= 6, buffer[index] == UInt8(ascii: "\\"), buffer[index + 1] == UInt8(ascii: "u") {
                    let save = index
                    index += 2
                    let low = try parseHex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        index = save
                        scalar = 0xFFFD
                    }
                } else {
                    scalar = 0xFFFD
                }
            } else if (0xDC00..<0xE000).contains(scalar) {
                scalar = 0xFFFD
            }
            let unicodeScalar = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            bytes.append(contentsOf: String(Character(unicodeScalar)).utf8)
        default:
            throw error("invalid escape")
        }
    }

    mutating func parseHex4() throws(SyntaxError) -> UInt32 {
        guard buffer.count - index >= 4 else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = buffer[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
