package import ContactNormalization
import Foundation
package import HighLevelAPI
import LosslessJSON
package import Testing

/// A JSON file under `Tests/TestSupport/Fixtures/`: real-shaped API bodies.
package enum FixtureFile: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case seedContact = "seed-contact"
    case variantsContact = "variants-contact"
    case error400 = "error-400-not-found"
    case error401 = "error-401"
    case error422 = "error-422"

    package static let contacts: [FixtureFile] = [.seedContact, .variantsContact]

    package var testDescription: String { rawValue }

    /// The id of the contact the file holds (contact fixtures only).
    package var contactID: ContactID? {
        switch self {
        case .seedContact: ContactID("ocQHyuzHvuMOe5N5jjXF")
        case .variantsContact: ContactID("seD4PfOuKoVMLkEZqohJ")
        case .error400, .error401, .error422: nil
        }
    }

    package func bytes(sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        let directory = try #require(Bundle.module.resourceURL, sourceLocation: sourceLocation)
        let url = directory.appendingPathComponent("Fixtures/\(rawValue).json")
        return Array(try Data(contentsOf: url))
    }

    package func text() throws -> String {
        String(decoding: try bytes(), as: UTF8.self)
    }

    /// The same file as Foundation's `JSONSerialization` reads it (an independent parser to compare with).
    package func foundationValue() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try bytes()), options: [.fragmentsAllowed])
    }
}

/// A contact body among the fixtures.
package enum ContactFixture: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case seed = "seed-contact"
    case variants = "variants-contact"

    package var testDescription: String { rawValue }

    var file: FixtureFile { FixtureFile(rawValue: rawValue)! }

    package var id: ContactID { file.contactID! }

    package func bytes() throws -> [UInt8] { try file.bytes() }

    package func response() throws -> ContactResponse {
        try ContactResponse(body: try bytes(), expectedID: id)
    }

    package func normalized() throws -> NormalizedContact {
        let response = try response()
        return ContactNormalizer.normalize(contact: try response.contact, rawJSON: response.rawJSON)
    }

    /// The `contact` object as Foundation's `JSONSerialization` reads it: an independent view of the fixture.
    package func foundationContact() throws -> [String: Any] {
        let envelope = try #require(try JSONSerialization.jsonObject(with: Data(try bytes())) as? [String: Any])
        return try #require(envelope["contact"] as? [String: Any])
    }
}
