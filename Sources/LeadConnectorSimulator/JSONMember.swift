/// One key/value pair of a JSON object.
struct JSONMember: Sendable, Equatable {
    let key: String
    let value: JSONValue

    init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}
