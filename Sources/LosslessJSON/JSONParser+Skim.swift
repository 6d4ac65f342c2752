extension JSONParser {
    /// What ``skim(_:member:strings:)`` read from a document it checked whole without building it.
    package struct Skim: Sendable, Equatable {
        /// Whether the document is an object.
        package var isObject = false
        /// Where the value of the top-level member `member` lies (its last occurrence, as
        /// ``JSONObject``'s subscript reads it); nil without one.
        package var memberRange: Range<Int>?
        /// Whether that value is an object.
        package var memberIsObject = false
        /// The top-level members named in `strings` whose (last) value is a string.
        package var strings: [String: String] = [:]
        /// The members of `member`'s object named in `strings` whose (last) value is a string.
        package var memberStrings: [String: String] = [:]
    }

    /// Checks a whole document as strictly as ``parse(_:)`` does (the same grammar, UTF-8 and nesting rules),
    /// without building its values: only the range of the top-level member `member` and the few string
    /// members named in `strings` (at the top level and in `member`'s object) are read. A `GET /contacts/{id}`
    /// body is checked this way and its contact parsed only when it needs normalizing.
    package static func skim(_ bytes: [UInt8], member: String, strings: Set<String>) throws(SyntaxError) -> Skim {
        try document(bytes) { parser throws(SyntaxError) in
            var skim = Skim()
            let role: SkimRole = parser.index < parser.buffer.count && parser.buffer[parser.index] == UInt8(ascii: "{")
                ? .envelope(member: member, strings: strings) : .other
            try parser.skimValue(depth: 0, role: role, into: &skim)
            return skim
        }
    }

    /// What an object being skimmed is: the document's own, the captured member's, or any other.
    enum SkimRole {
        case envelope(member: String, strings: Set<String>)
        case member(strings: Set<String>)
        case other
    }

    private mutating func skimValue(depth: Int, role: SkimRole, into skim: inout Skim) throws(SyntaxError) {
        guard index < buffer.count else { throw error("unexpected end of input") }
        switch buffer[index] {
        case UInt8(ascii: "{"): try skimObject(depth: depth + 1, role: role, into: &skim)
        case UInt8(ascii: "["): try skimArray(depth: depth + 1, into: &skim)
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try scanNumber()
        default: throw error("unexpected character")
        }
    }

    private mutating func skimObject(depth: Int, role: SkimRole, into skim: inout Skim) throws(SyntaxError) {
        if case .envelope = role { skim.isObject = true }
        if try open(depth: depth, closing: UInt8(ascii: "}")) { return }
        while true {
            skipWhitespace()
            guard index < buffer.count, buffer[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
            // Keys are compared unescaped, as the parser's lookups compare them; other objects' keys are only checked.
            var key: String?
            if case .other = role { try skipString() } else { key = try parseString() }
            skipWhitespace()
            guard index < buffer.count, buffer[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            guard index < buffer.count else { throw error("unexpected end of input") }
            let start = index
            let isString = buffer[index] == UInt8(ascii: "\"")
            switch role {
            case .envelope(let member, let strings) where key == member:
                skim.memberIsObject = buffer[index] == UInt8(ascii: "{")
                skim.memberStrings = [:]
                try skimValue(depth: depth, role: skim.memberIsObject ? .member(strings: strings) : .other, into: &skim)
                skim.memberRange = start..<index
            case .envelope(_, let strings) where strings.contains(key!):
                skim.strings[key!] = isString ? try parseString() : nil
                if !isString { try skimValue(depth: depth, role: .other, into: &skim) }
            case .member(let strings) where strings.contains(key!):
                skim.memberStrings[key!] = isString ? try parseString() : nil
                if !isString { try skimValue(depth: depth, role: .other, into: &skim) }
            default:
                try skimValue(depth: depth, role: .other, into: &skim)
            }
            if try closes(UInt8(ascii: "}"), expected: "expected ',' or '}'") { return }
        }
    }

    private mutating func skimArray(depth: Int, into skim: inout Skim) throws(SyntaxError) {
        if try open(depth: depth, closing: UInt8(ascii: "]")) { return }
        while true {
            skipWhitespace()
            try skimValue(depth: depth, role: .other, into: &skim)
            if try closes(UInt8(ascii: "]"), expected: "expected ',' or ']'") { return }
        }
    }

    /// Checks a string starting at its opening quote as ``parseString()`` would read it (escapes, control
    /// characters, UTF-8), without building it; leaves `index` after the closing quote.
    private mutating func skipString() throws(SyntaxError) {
        index += 1
        let start = index
        var segment = index
        while true {
            index = ByteScan.stringContentEnd(in: buffer, from: index)
            guard index < buffer.count else { throw error("unterminated string") }
            switch buffer[index] {
            case UInt8(ascii: "\""):
                try validateUTF8(segment..<index, stringStart: start)
                index += 1
                return
            case UInt8(ascii: "\\"):
                // An escape always yields whole characters, so the text around escapes is valid exactly
                // when each run between them is.
                try validateUTF8(segment..<index, stringStart: start)
                index += 1
                try skipEscape()
                segment = index
            default:
                throw error("unescaped control character in string")
            }
        }
    }

    private mutating func skipEscape() throws(SyntaxError) {
        guard index < buffer.count else { throw error("unterminated escape") }
        let byte = buffer[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            // Surrogates need no pairing check: an unpaired one reads as U+FFFD, which is valid.
            _ = try parseHex4()
        default:
            throw error("invalid escape")
        }
    }

    /// Checks that `range` of the buffer is well-formed UTF-8 (no overlong forms, surrogates or code points
    /// past U+10FFFF), as `String(validating:)` does.
    func validateUTF8(_ range: Range<Int>, stringStart: Int) throws(SyntaxError) {
        let end = range.upperBound
        var i = ByteScan.firstNonASCII(in: buffer, range)
        while i < end {
            let lead = buffer[i]
            if lead < 0x80 {
                i = ByteScan.firstNonASCII(in: buffer, i..<end)
                continue
            }
            let (count, low, high): (Int, UInt8, UInt8) = switch lead {
            case 0xC2...0xDF: (1, 0x80, 0xBF)
            case 0xE0: (2, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (2, 0x80, 0xBF)
            case 0xED: (2, 0x80, 0x9F)
            case 0xF0: (3, 0x90, 0xBF)
            case 0xF1...0xF3: (3, 0x80, 0xBF)
            case 0xF4: (3, 0x80, 0x8F)
            default: (0, 0, 0)
            }
            guard count > 0, end - i > count, (low...high).contains(buffer[i + 1]) else {
                throw SyntaxError(offset: stringStart, reason: "string is not valid UTF-8")
            }
            var offset = 2
            while offset <= count {
                guard (0x80...0xBF).contains(buffer[i + offset]) else {
                    throw SyntaxError(offset: stringStart, reason: "string is not valid UTF-8")
                }
                offset += 1
            }
            i += count + 1
        }
    }
}
