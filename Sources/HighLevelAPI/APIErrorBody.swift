import LosslessJSON

/// The error body HighLevel sends: `{"statusCode": N, "message": "..." | ["..."], "error": "...", "traceId"?}`.
package struct APIErrorBody: Sendable, Equatable {
    /// The message, with an array of messages (422) joined by "; ".
    package let message: String?
    /// The short error name, e.g. "Bad Request".
    package let error: String?
    /// The trace id, when the body carried one.
    package let traceID: String?

    /// The longest message kept; error bodies are not trusted to be small.
    package static let maximumMessageLength = 500

    /// Reads what it can from an error body; unreadable bodies give all-nil fields.
    package init(body: [UInt8]) {
        guard !body.isEmpty, body.count <= 64 * 1024, case .object(let object)? = try? JSONParser.parse(body) else {
            message = nil
            error = nil
            traceID = nil
            return
        }
        switch object["message"] {
        case .string(let text)?:
            message = Self.truncate(text)
        case .array(let items)?:
            message = Self.truncate(items.compactMap(\.stringValue).joined(separator: "; "))
        default:
            message = nil
        }
        error = object["error"]?.stringValue.map(Self.truncate)
        traceID = object["traceId"]?.stringValue.map(Self.truncate)
    }

    private static func truncate(_ text: String) -> String {
        text.count <= maximumMessageLength ? text : String(text.prefix(maximumMessageLength)) + "…"
    }
}
