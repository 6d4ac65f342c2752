import HighLevelAPI
import LosslessJSON
import TestSupport

/// One hostile `GET /contacts/{id}` body and what the decoder must make of it.
struct FuzzCase: CustomStringConvertible, Sendable {
    /// What the decoder must do with the body, worked out when the body was built (never by the code under test).
    enum Verdict: String, Sendable, Equatable {
        case accepted
        case invalidJSON
        case notAnObject
        case missingContact
        case idMismatch

        init(_ error: ResponseDecodingError) {
            switch error {
            case .invalidJSON: self = .invalidJSON
            case .notAnObject: self = .notAnObject
            case .missingContact: self = .missingContact
            case .contactIDMismatch: self = .idMismatch
            case .missingArray, .missingMember: self = .missingContact
            }
        }

        /// The verdict for a well-formed body whose (last) `contact` member is `contact`.
        init(contact: JSONValue?, id: String) {
            guard case .object? = contact else {
                self = .missingContact
                return
            }
            switch contact?.lastMember("id") {
            case .string(id)?: self = .accepted
            case .string?: self = .idMismatch
            default: self = .missingContact
            }
        }
    }

    /// Which family of mutation built the body, and how.
    let name: String
    let id: String
    let body: [UInt8]
    /// Where the contact object the decoder keeps (the last `contact` member) lies in `body`.
    let contactRange: Range<Int>
    /// The contact as built, when the body is well formed (what the decoder must parse it to).
    let contact: JSONValue?
    let verdict: Verdict

    var description: String { "\(name) [id \(id), \(body.count) bytes, expected \(verdict.rawValue)]" }

    /// The contact's bytes in the body: what `raw_json` must hold when the body is accepted.
    var contactBytes: ArraySlice<UInt8> { body[contactRange] }
}
