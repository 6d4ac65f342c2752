import ContactNormalization
import Foundation
import HighLevelAPI
import LosslessJSON
import TestSupport
import Testing

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
