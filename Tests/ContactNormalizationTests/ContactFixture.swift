import ContactNormalization
import Foundation
import HighLevelAPI
import Testing

/// A contact body under `Tests/ContactNormalizationTests/Fixtures/`.
enum ContactFixture: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case seed = "seed-contact"
    case variants = "variants-contact"

    var testDescription: String { rawValue }

    var id: ContactID {
        switch self {
        case .seed: ContactID("ocQHyuzHvuMOe5N5jjXF")!
        case .variants: ContactID("seD4PfOuKoVMLkEZqohJ")!
        }
    }

    func bytes() throws -> [UInt8] {
        let directory = try #require(Bundle.module.resourceURL)
        return Array(try Data(contentsOf: directory.appendingPathComponent("Fixtures/\(rawValue).json")))
    }

    func response() throws -> ContactResponse {
        try ContactResponse(body: try bytes(), expectedID: id)
    }

    func normalized() throws -> NormalizedContact {
        ContactNormalizer.normalize(try response())
    }

    /// The `contact` object as Foundation's `JSONSerialization` reads it: an independent view of the fixture.
    func foundationContact() throws -> [String: Any] {
        let envelope = try #require(try JSONSerialization.jsonObject(with: Data(try bytes())) as? [String: Any])
        return try #require(envelope["contact"] as? [String: Any])
    }
}

/// Parses `text` (a JSON object) and normalizes it with `text` as its raw JSON.
func normalize(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> NormalizedContact {
    let object = try #require(try JSONParser.parse(Array(text.utf8)).objectValue, sourceLocation: sourceLocation)
    return ContactNormalizer.normalize(contact: object, rawJSON: text)
}

/// Parses one JSON value.
func json(_ text: String) throws -> JSONValue {
    try JSONParser.parse(Array(text.utf8))
}

/// The text columns of `contacts`, by the API key each comes from.
let textColumns: [String: @Sendable (ContactRow) -> String?] = [
    "locationId": { $0.locationID }, "name": { $0.name }, "firstName": { $0.firstName }, "lastName": { $0.lastName },
    "email": { $0.email }, "emailLowerCase": { $0.emailLowerCase }, "timezone": { $0.timezone },
    "companyName": { $0.companyName }, "phone": { $0.phone }, "type": { $0.type }, "source": { $0.source },
    "assignedTo": { $0.assignedTo }, "address1": { $0.address1 }, "city": { $0.city }, "state": { $0.state },
    "country": { $0.country }, "postalCode": { $0.postalCode }, "website": { $0.website },
    "dateAdded": { $0.dateAdded }, "dateUpdated": { $0.dateUpdated },
]

/// The text columns of `contact_attributions`, by the API key each comes from.
let attributionTextColumns: [String: @Sendable (AttributionRow) -> String?] = [
    "url": { $0.url }, "campaign": { $0.campaign }, "utmSource": { $0.utmSource }, "utmMedium": { $0.utmMedium },
    "utmContent": { $0.utmContent }, "utmTerm": { $0.utmTerm }, "utmCampaign": { $0.utmCampaign },
    "referrer": { $0.referrer }, "sessionSource": { $0.sessionSource }, "medium": { $0.medium },
    "mediumId": { $0.mediumID }, "fbclid": { $0.fbclid }, "gclid": { $0.gclid },
]
