import Foundation
import HighLevelAPI
import Testing

/// A JSON file under `Tests/HighLevelAPITests/Fixtures/`.
enum FixtureFile: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case seedContact = "seed-contact"
    case variantsContact = "variants-contact"
    case error400 = "error-400-not-found"
    case error401 = "error-401"
    case error422 = "error-422"

    static let contacts: [FixtureFile] = [.seedContact, .variantsContact]

    var testDescription: String { rawValue }

    /// The id of the contact the file holds (contact fixtures only).
    var contactID: ContactID? {
        switch self {
        case .seedContact: ContactID("ocQHyuzHvuMOe5N5jjXF")
        case .variantsContact: ContactID("seD4PfOuKoVMLkEZqohJ")
        case .error400, .error401, .error422: nil
        }
    }

    func bytes(sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        let directory = try #require(Bundle.module.resourceURL, sourceLocation: sourceLocation)
        let url = directory.appendingPathComponent("Fixtures/\(rawValue).json")
        return Array(try Data(contentsOf: url))
    }

    func text() throws -> String {
        String(decoding: try bytes(), as: UTF8.self)
    }

    /// The same file as Foundation's `JSONSerialization` reads it (an independent parser to compare with).
    func foundationValue() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try bytes()), options: [.fragmentsAllowed])
    }
}
