import HighLevelAPI
import LosslessJSON
import TestSupport

/// One step into a JSON tree: the n-th member of an object or the n-th element of an array.
enum JSONStep: Hashable, Sendable {
    case member(Int)
    case element(Int)
}

extension JSONValue {
    /// Every path below this value, parents before children.
    var allPaths: [[JSONStep]] {
        var paths: [[JSONStep]] = []
        collectPaths(prefix: [], into: &paths)
        return paths
    }

    private func collectPaths(prefix: [JSONStep], into paths: inout [[JSONStep]]) {
        switch self {
        case .object(let object):
            for (index, member) in object.members.enumerated() {
                let path = prefix + [.member(index)]
                paths.append(path)
                member.value.collectPaths(prefix: path, into: &paths)
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                let path = prefix + [.element(index)]
                paths.append(path)
                element.collectPaths(prefix: path, into: &paths)
            }
        default:
            break
        }
    }

    /// The value at `path`, nil when the path does not lead anywhere.
    func value(at path: some Collection<JSONStep>) -> JSONValue? {
        guard let step = path.first else { return self }
        switch (self, step) {
        case (.object(let object), .member(let index)) where object.members.indices.contains(index):
            return object.members[index].value.value(at: path.dropFirst())
        case (.array(let elements), .element(let index)) where elements.indices.contains(index):
            return elements[index].value(at: path.dropFirst())
        default:
            return nil
        }
    }

    /// This value with the value at `path` transformed (unchanged when the path does not lead anywhere).
    func replacing(_ path: some Collection<JSONStep>, _ transform: (JSONValue) -> JSONValue) -> JSONValue {
        guard let step = path.first else { return transform(self) }
        switch (self, step) {
        case (.object(let object), .member(let index)) where object.members.indices.contains(index):
            var members = object.members
            let member = members[index]
            members[index] = .init(key: member.key, value: member.value.replacing(path.dropFirst(), transform))
            return .object(JSONObject(members: members))
        case (.array(var elements), .element(let index)) where elements.indices.contains(index):
            elements[index] = elements[index].replacing(path.dropFirst(), transform)
            return .array(elements)
        default:
            return self
        }
    }

    /// A readable rendering of `path` below this value, e.g. `customFields[3].value`.
    func describe(_ path: some Collection<JSONStep>) -> String {
        var text = ""
        var node: JSONValue? = self
        for step in path {
            switch (node, step) {
            case (.object(let object)?, .member(let index)):
                let key = object.members[index].key
                text += (text.isEmpty ? "" : ".") + key
                node = object.members[index].value
            case (.array(let elements)?, .element(let index)):
                text += "[\(index)]"
                node = elements[index]
            default:
                return text + "?"
            }
        }
        return text.isEmpty ? "(contact)" : text
    }

    /// The value of the last member named `key`, read without `JSONObject`'s subscript (an independent oracle).
    func lastMember(_ key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object.members.last { $0.key == key }?.value
    }
}
