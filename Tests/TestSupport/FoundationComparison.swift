import Foundation
package import LosslessJSON
package import Testing

/// Records an issue for every place where `value` differs from what `JSONSerialization` made of the same text:
/// the same types (booleans are not numbers), strings, numbers by value, array order and object keys.
package func expectEquivalent(
    _ value: JSONValue, _ foundation: Any, path: String = "$", sourceLocation: SourceLocation = #_sourceLocation
) {
    switch value {
    case .null:
        #expect(foundation is NSNull, "\(path): null vs \(foundation)", sourceLocation: sourceLocation)
    case .bool(let flag):
        let number = foundation as? NSNumber
        #expect(number.map(isFoundationBoolean) == true, "\(path): boolean vs \(foundation)", sourceLocation: sourceLocation)
        #expect(number?.boolValue == flag, "\(path)", sourceLocation: sourceLocation)
    case .number(let number):
        guard let other = foundation as? NSNumber, !isFoundationBoolean(other) else {
            Issue.record("\(path): number \(number.text) vs \(foundation)", sourceLocation: sourceLocation)
            return
        }
        #expect(number.doubleValue == other.doubleValue, "\(path): \(number.text)", sourceLocation: sourceLocation)
    case .string(let text):
        #expect(foundation as? String == text, "\(path)", sourceLocation: sourceLocation)
    case .array(let elements):
        guard let other = foundation as? [Any], other.count == elements.count else {
            Issue.record("\(path): array of \(elements.count) vs \(foundation)", sourceLocation: sourceLocation)
            return
        }
        for (index, (element, otherElement)) in zip(elements, other).enumerated() {
            expectEquivalent(element, otherElement, path: "\(path)[\(index)]", sourceLocation: sourceLocation)
        }
    case .object(let object):
        guard let other = foundation as? [String: Any] else {
            Issue.record("\(path): object vs \(foundation)", sourceLocation: sourceLocation)
            return
        }
        #expect(Set(object.members.map(\.key)) == Set(other.keys), "\(path): keys", sourceLocation: sourceLocation)
        for member in object.members {
            guard let otherValue = other[member.key] else { continue }
            expectEquivalent(member.value, otherValue, path: "\(path).\(member.key)", sourceLocation: sourceLocation)
        }
    }
}

/// Foundation parses `true`/`false` to boolean NSNumbers (type encoding `c`) and integers to `i`/`q`.
private func isFoundationBoolean(_ number: NSNumber) -> Bool {
    String(cString: number.objCType) == "c"
}

@Suite("expectEquivalent")
struct ExpectEquivalentTests {
    @Test("it notices when the two readings differ", arguments: [
        ("true", "1"), ("1", "true"), ("0", "false"), ("false", "0"), (#""a""#, #""b""#), ("[1]", "[1, 2]"),
        (#"{"a": 1}"#, #"{"b": 1}"#), (#"{"a": 1}"#, #"{"a": "1"}"#), ("null", "0"), ("2.5", "2.50001"), ("[]", "{}"),
    ])
    func noticesDifferences(parsed: String, foundation: String) throws {
        let value = try JSONParser.parse(Array(parsed.utf8))
        let other = try JSONSerialization.jsonObject(with: Data(foundation.utf8), options: [.fragmentsAllowed])
        withKnownIssue("the texts differ, so the comparison must record an issue") {
            expectEquivalent(value, other)
        }
    }
}
