package import LosslessJSON

/// A decoded `POST /contacts/search` body: the ids on the page, where to continue, and the total.
///
/// Decoding is lenient like the rest of the module: unknown members are ignored, a `null` or missing `total`
/// is nil, and a contact without a string `id` is skipped (it could not be fetched anyway). Only a body
/// without a `contacts` array is refused.
package struct ContactSearchPage: Sendable, Equatable {
    /// The `id` of each contact on the page, in order, as sent (not yet validated).
    package let ids: [String]
    /// The `searchAfter` of the page's last contact: what to send for the next page. Nil when the page is
    /// empty or its last contact carried none.
    package let nextSearchAfter: JSONValue?
    /// The number of matching contacts, when the API said.
    package let total: Int?
    /// How many entries the page held, including any skipped for lacking an id.
    package let count: Int

    /// Decodes a 200 body.
    package init(body: [UInt8]) throws(ResponseDecodingError) {
        let (envelope, contacts) = try ResponseDecodingError.arrayMember("contacts", of: body)
        ids = contacts.compactMap { $0.objectValue?["id"]?.stringValue }
        if case .array? = contacts.last?.objectValue?["searchAfter"] {
            nextSearchAfter = contacts.last?.objectValue?["searchAfter"]
        } else {
            nextSearchAfter = nil
        }
        if case .number(let number)? = envelope["total"], let total = number.int64Value {
            self.total = Int(clamping: total)
        } else {
            total = nil
        }
        count = contacts.count
    }

    /// Builds a page directly (tests).
    package init(ids: [String], nextSearchAfter: JSONValue?, total: Int?) {
        self.ids = ids
        self.nextSearchAfter = nextSearchAfter
        self.total = total
        count = ids.count
    }
}
