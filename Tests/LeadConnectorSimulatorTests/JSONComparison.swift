import Foundation

@testable import LeadConnectorSimulator

/// Compares a generated JSON tree with what `JSONSerialization` parsed from its text.
enum JSONComparison {
    static func matches(_ value: JSONValue, _ parsed: Any) -> Bool {
        switch value {
        case .object(let members):
            guard let dictionary = parsed as? [String: Any], dictionary.count == members.count else { return false }
            return members.allSatisfy { member in dictionary[member.key].map { matches(member.value, $0) } ?? false }
        case .array(let elements):
            guard let array = parsed as? [Any], array.count == elements.count else { return false }
            return zip(elements, array).allSatisfy { matches($0, $1) }
        case .string(let string):
            return parsed as? String == string
        case .integer(let integer):
            return (parsed as? NSNumber)?.int64Value == integer
        case .decimal(let decimal):
            return (parsed as? NSNumber)?.doubleValue == decimal
        case .bool(let bool):
            return (parsed as? Bool) == bool
        case .null:
            return parsed is NSNull
        }
    }
}
